package dev.rotor.compute;

import dev.rotor.VectorWidth;

@VectorWidth(256)
class VectorMatrix256KernelTest extends VectorMatrixContract { }
