package dev.rotor;

@VectorWidth(256)
class Vector256KernelTest extends VectorKernelContract { }
