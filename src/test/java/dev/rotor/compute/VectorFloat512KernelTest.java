package dev.rotor.compute;

import dev.rotor.VectorWidth;

@VectorWidth(512)
class VectorFloat512KernelTest extends VectorFloatContract { }
