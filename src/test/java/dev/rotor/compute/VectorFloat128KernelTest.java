package dev.rotor.compute;

import dev.rotor.VectorWidth;

@VectorWidth(128)
class VectorFloat128KernelTest extends VectorFloatContract { }
