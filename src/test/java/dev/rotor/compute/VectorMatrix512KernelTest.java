package dev.rotor.compute;

import dev.rotor.VectorWidth;

@VectorWidth(512)
class VectorMatrix512KernelTest extends VectorMatrixContract { }
