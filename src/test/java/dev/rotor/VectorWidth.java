package dev.rotor;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The SIMD width a test class runs the vector kernel at. The class is skipped (JUnit tests and jqwik
 * properties alike) where the width exceeds the hardware's preferred width, because such a species
 * would run through the Vector API's slow Java fallback instead of native code.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(VectorWidthCondition.class)
@AddLifecycleHook(VectorWidthCondition.class)
public @interface VectorWidth {
    int value();
}
