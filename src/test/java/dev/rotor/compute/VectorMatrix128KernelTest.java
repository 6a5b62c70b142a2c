package dev.rotor.compute;

import dev.rotor.VectorWidth;

@VectorWidth(128)
class VectorMatrix128KernelTest extends VectorMatrixContract { }
