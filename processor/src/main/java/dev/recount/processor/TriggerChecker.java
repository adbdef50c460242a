package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.recount.processor.Models.AggregateModel;
import dev.recount.processor.Models.Handler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Makes {@code trigger(x)} and {@code create(..., x)} a compile error when {@code x} can never be
 * one of the aggregate's own events, so that {@code trigger(new Money(...))} fails the build rather
 * than the command.
 *
 * <p>Method bodies are attributed after annotation processing, so this cannot run in a round: it
 * listens to javac and scans each aggregate's top-level class once javac has analysed it, with the
 * events the rounds found for each aggregate. The rule is sound rather than strict: a call is an
 * error only when the argument's static type admits none of the events (records are final, so a
 * value of type {@code T} can be event {@code E} only if {@code E} is a subtype of {@code T}). An
 * argument typed {@code Object}, a common interface of the events or a type variable passes and is
 * checked when the command runs, as before.
 *
 * <p>It needs javac's own tree API: under a compiler that wraps the processing environment (such as
 * Gradle's incremental processing) the check is skipped and the run-time check remains.
 */
final class TriggerChecker implements TaskListener {
  private final Trees trees;
  private final Elements elements;
  private final Types types;
  private final Diagnostics diagnostics;
  /** The events of each aggregate of this compilation, by the aggregate's qualified name. */
  private final Map<String, List<ClassName>> events = new HashMap<>();
  /** The top-level types that declare aggregates: the only ones whose bodies are scanned. */
  private final Set<String> topLevels = new HashSet<>();

  private TriggerChecker(ProcessingEnvironment env, Trees trees, Diagnostics diagnostics) {
    this.trees = trees;
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.diagnostics = diagnostics;
  }

  /**
   * A checker listening to the javac of {@code env}, or {@code null} if {@code env} is not javac's
   * (then nothing is checked at compile time).
   */
  static TriggerChecker listenTo(ProcessingEnvironment env, Diagnostics diagnostics) {
    try {
      JavacTask task = JavacTask.instance(env);
      TriggerChecker checker = new TriggerChecker(env, Trees.instance(env), diagnostics);
      task.addTaskListener(checker);
      return checker;
    } catch (IllegalArgumentException | IllegalStateException notJavac) {
      return null;
    }
  }

  /** Notes the events of a valid aggregate, whose calls are checked once javac analysed them. */
  void aggregate(AggregateModel model) {
    List<ClassName> names = new ArrayList<>();
    for (Handler handler : model.handlers()) {
      names.add(handler.event());
    }
    events.put(model.aggregate().canonicalName(), names);
    topLevels.add(model.aggregate().topLevelClassName().canonicalName());
  }

  @Override
  public void finished(TaskEvent event) {
    if (event.getKind() != TaskEvent.Kind.ANALYZE
        || event.getTypeElement() == null
        || !topLevels.contains(event.getTypeElement().getQualifiedName().toString())) {
      return;
    }
    TreePath path = trees.getPath(event.getTypeElement());
    if (path != null) {
      new Calls(event.getCompilationUnit()).scan(path, null);
    }
  }

  /** Finds the calls of {@code trigger} and {@code create} in one compilation unit. */
  private final class Calls extends TreePathScanner<Void, Void> {
    private final CompilationUnitTree unit;

    Calls(CompilationUnitTree unit) {
      this.unit = unit;
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
      Element method = trees.getElement(getCurrentPath());
      if (method instanceof ExecutableElement executable
          && isRootMethod(executable)
          && !call.getArguments().isEmpty()) {
        String name = executable.getSimpleName().toString();
        TypeElement aggregate = name.equals("trigger")
            ? receiver(call)
            : asClass(trees.getTypeMirror(getCurrentPath()));
        if (aggregate != null) {
          ExpressionTree argument = call.getArguments().get(call.getArguments().size() - 1);
          check(name, aggregate, argument, new TreePath(getCurrentPath(), argument));
        }
      }
      return super.visitMethodInvocation(call, unused);
    }

    /** Whether {@code method} is {@code AggregateRoot.trigger} or one of its {@code create}s. */
    private boolean isRootMethod(ExecutableElement method) {
      String name = method.getSimpleName().toString();
      return (name.equals("trigger") || name.equals("create"))
          && method.getEnclosingElement() instanceof TypeElement owner
          && owner.getQualifiedName().contentEquals(Names.AGGREGATE_ROOT);
    }

    /**
     * The aggregate {@code trigger} is called on: the qualifier's type, or for an unqualified call
     * (or one on {@code this} or {@code super}) the innermost enclosing aggregate class.
     */
    private TypeElement receiver(MethodInvocationTree call) {
      ExpressionTree select = call.getMethodSelect();
      if (select instanceof MemberSelectTree member
          && !(member.getExpression() instanceof IdentifierTree self
              && (self.getName().contentEquals("this") || self.getName().contentEquals("super")))) {
        return asClass(trees.getTypeMirror(new TreePath(getCurrentPath(), member.getExpression())));
      }
      TypeElement root = elements.getTypeElement(Names.AGGREGATE_ROOT);
      for (TreePath at = getCurrentPath(); at != null; at = at.getParentPath()) {
        if (at.getLeaf() instanceof ClassTree) {
          Element type = trees.getElement(at);
          if (type instanceof TypeElement candidate
              && root != null
              && types.isSubtype(types.erasure(candidate.asType()), root.asType())) {
            return candidate;
          }
        }
      }
      return null;
    }

    private void check(String method, TypeElement aggregate, Tree argument, TreePath at) {
      List<ClassName> own = events.get(aggregate.getQualifiedName().toString());
      TypeMirror type = trees.getTypeMirror(at);
      if (own == null || type == null) {
        return; // not an aggregate of this compilation (an abstract base, say): checked at run time
      }
      if (type.getKind().isPrimitive()) {
        type = types.boxedClass((PrimitiveType) type).asType();
      }
      if (type.getKind() == TypeKind.NULL || type.getKind() == TypeKind.ERROR) {
        return;
      }
      TypeMirror erased = types.erasure(type);
      List<String> allowed = new ArrayList<>();
      own.forEach(name -> allowed.add(name.canonicalName()));
      allowed.add(Names.AGGREGATE_ROOT + ".Discarded");
      for (String name : allowed) {
        TypeElement event = elements.getTypeElement(name);
        if (event == null || types.isSubtype(types.erasure(event.asType()), erased)) {
          return;
        }
      }
      List<String> simple = new ArrayList<>();
      for (ClassName name : own) {
        simple.add(String.join(".", name.simpleNames()));
      }
      diagnostics.error(
          trees,
          argument,
          unit,
          Message.TRIGGER_NOT_AN_EVENT,
          method,
          type,
          aggregate.getSimpleName(),
          simple.isEmpty() ? "none" : String.join(", ", simple),
          aggregate.getSimpleName());
    }
  }

  private static TypeElement asClass(TypeMirror type) {
    return type instanceof DeclaredType declared
            && declared.asElement() instanceof TypeElement element
        ? element
        : null;
  }
}
