package dev.rotor;

import java.util.Optional;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.rotor.kernel.KernelProvider;
import dev.rotor.kernel.VectorKernel;

/**
 * Runs a {@link VectorWidth} class only in a JVM whose vector kernel has that width (the width is fixed per
 * JVM, see {@link VectorKernel#BITS}); pom.xml runs forks at 128 and 256 bits. Works for both test engines.
 */
public final class VectorWidthCondition implements ExecutionCondition, SkipExecutionHook {
    /** Why the class cannot run here, or empty if it can. */
    static Optional<String> unsupported(Optional<Class<?>> testClass) {
        Optional<VectorWidth> width = testClass.map(c -> c.getAnnotation(VectorWidth.class));
        if (width.isEmpty()) {
            return Optional.empty();
        }
        String unusable = KernelProvider.whyVectorKernelUnusable();
        if (unusable != null) {
            return Optional.of("no vector kernel in this JVM: " + unusable);
        }
        int bits = KernelProvider.vectorBits();
        return width.get().value() != bits
                ? Optional.of("this JVM's vector kernel is " + bits + "-bit, not " + width.get().value())
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
