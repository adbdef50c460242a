package dev.recount.processor;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Loads the classes of a successful compilation from memory, with the test class path (runtime,
 * Jackson) as parent, so that tests can run generated code through the runtime's interfaces.
 */
final class CompiledClasses extends ClassLoader {
  private final Compilation compilation;

  CompiledClasses(Compilation compilation) {
    super(CompiledClasses.class.getClassLoader());
    this.compilation = compilation;
  }

  /** A new instance of {@code className}, made with its public no-argument constructor. */
  <T> T newInstance(String className, Class<T> as) {
    try {
      return as.cast(loadClass(className).getConstructor().newInstance());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot instantiate " + className, e);
    }
  }

  /** What {@code className}, a {@code Supplier} compiled in the test, supplies. */
  <T> T supplied(String className, Class<T> as) {
    return as.cast(newInstance(className, Supplier.class).get());
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JavaFileObject file = compilation
        .generatedFile(StandardLocation.CLASS_OUTPUT, name.replace('.', '/') + ".class")
        .orElseThrow(() -> new ClassNotFoundException(name));
    try (InputStream in = file.openInputStream()) {
      byte[] bytes = in.readAllBytes();
      return defineClass(name, bytes, 0, bytes.length);
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
  }
}
