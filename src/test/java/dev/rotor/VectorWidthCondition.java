package dev.rotor;

import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/** Skips a {@link VectorWidth} class wider than {@link VectorSupportProbe#preferredBitSize()}, for both test engines. */
public final class VectorWidthCondition implements ExecutionCondition, SkipExecutionHook {
    /** Why the class cannot run here, or empty if it can. */
    static Optional<String> unsupported(Optional<Class<?>> testClass) {
        Optional<VectorWidth> width = testClass.map(c -> c.getAnnotation(VectorWidth.class));
        if (width.isEmpty()) {
            return Optional.empty();
        }
        int preferred = VectorSupportProbe.preferredBitSize();
        return width.get().value() > preferred
                ? Optional.of(width.get().value() + "-bit vectors exceed this machine's preferred " + preferred + " bits")
                : Optional.empty();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return unsupported(context.getTestClass())
                .map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("vector width supported"));
    }

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return unsupported(context.optionalContainerClass())
                .map(SkipResult::skip)
                .orElseGet(SkipResult::doNotSkip);
    }
}
