package dev.rotor.compute;

import dev.rotor.VectorWidth;

@VectorWidth(256)
class VectorFloat256KernelTest extends VectorFloatContract { }
