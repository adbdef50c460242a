package dev.recount.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.ClassName;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every runtime method that generated code names, in {@link RuntimeMethod}, exists in the runtime
 * with that many parameters, and every runtime type it names exists: a rename in the runtime fails
 * this build, not a user's.
 */
class RuntimeMethodTest {

  @Test
  void everyCataloguedMethodExistsInTheRuntime() {
    List<String> missing = new ArrayList<>();
    for (RuntimeMethod method : RuntimeMethod.values()) {
      Class<?> owner = load(method.owner());
      boolean found = method.method().equals(RuntimeMethod.CONSTRUCTOR)
          ? Arrays.stream(owner.getDeclaredConstructors())
              .filter(constructor -> !Modifier.isPrivate(constructor.getModifiers()))
              .mapToInt(Constructor::getParameterCount)
              .anyMatch(count -> count == method.parameters())
          : Stream.concat(
                  Arrays.stream(owner.getMethods()),
                  // protected methods that generated subclasses call (EventQuery.withTag)
                  Arrays.stream(owner.getDeclaredMethods())
                      .filter(candidate -> Modifier.isProtected(candidate.getModifiers())))
              .filter(candidate -> candidate.getName().equals(method.method()))
              .filter(candidate -> !owner.equals(load(Names.JSON_VALUES))
                  || Modifier.isStatic(candidate.getModifiers()))
              .mapToInt(Method::getParameterCount)
              .anyMatch(count -> count == method.parameters());
      if (!found) {
        missing.add(method + ": " + method.owner().simpleName() + "." + method.method() + " with "
            + method.parameters() + " parameters");
      }
    }
    assertThat(missing)
        .as("catalogued runtime methods that the runtime does not have")
        .isEmpty();
  }

  @Test
  void everyRuntimeTypeThatGeneratedCodeNamesExists() {
    List<ClassName> types = List.of(
        Names.APPLICATION,
        Names.REPOSITORY,
        Names.MUTATOR,
        Names.EVENT_MAPPING,
        Names.EVENT_CODEC,
        Names.SNAPSHOT_MAPPING,
        Names.JSON_VALUES,
        Names.UNKNOWN_TOPIC,
        Names.RECOUNT_GENERATED,
        Names.TAG_VALUES,
        Names.DCB_EVENTS,
        Names.DECISION_MAPPING,
        Names.PROJECTION_MAPPING,
        Names.EVENT_QUERY,
        ClassName.bestGuess(Names.AGGREGATE_ROOT));
    for (ClassName type : types) {
      assertThat(load(type)).as(type.canonicalName()).isNotNull();
    }
  }

  @Test
  void everyJsonValuesMethodThatIsCataloguedIsStatic() {
    Class<?> jsonValues = load(Names.JSON_VALUES);
    Stream.of(RuntimeMethod.values())
        .filter(method -> method.owner().equals(Names.JSON_VALUES))
        .forEach(method -> assertThat(Arrays.stream(jsonValues.getMethods())
                .filter(candidate -> candidate.getName().equals(method.method()))
                .allMatch(candidate -> Modifier.isStatic(candidate.getModifiers())))
            .as("%s is static", method)
            .isTrue());
  }

  private static Class<?> load(ClassName name) {
    try {
      return Class.forName(name.reflectionName());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(name.canonicalName() + " is not in the runtime", e);
    }
  }
}
