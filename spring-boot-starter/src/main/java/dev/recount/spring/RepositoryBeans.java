package dev.recount.spring;

import dev.recount.AggregateRoot;
import dev.recount.Application;
import dev.recount.Repository;
import dev.recount.internal.Mutator;
import dev.recount.internal.Mutators;
import java.beans.Introspector;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * Registers a bean for every generated repository on the class path, found through the generated
 * mutators (a service-loader registry, no class-path scanning): its type is the repository class
 * the processor named, and its instance comes from the mutator's factory over the context's
 * {@link Application}. A bean the context already defines under the same name is left alone.
 */
final class RepositoryBeans implements BeanDefinitionRegistryPostProcessor, BeanFactoryAware {
  private BeanFactory beanFactory;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
    for (Mutator<AggregateRoot> mutator : Mutators.all().values()) {
      Class<? extends Repository<AggregateRoot>> type;
      try {
        type = mutator.repositoryClass();
      } catch (UnsupportedOperationException e) {
        continue; // a mutator written by hand, with no generated repository
      }
      String name = Introspector.decapitalize(type.getSimpleName());
      if (registry.containsBeanDefinition(name)) {
        continue;
      }
      RootBeanDefinition definition = new RootBeanDefinition(type);
      definition.setInstanceSupplier(
          () -> type.cast(mutator.newRepository(beanFactory.getBean(Application.class))));
      registry.registerBeanDefinition(name, definition);
    }
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {}
}
