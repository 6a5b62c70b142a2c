package dev.rotor;

@VectorWidth(512)
class Vector512KernelTest extends VectorKernelContract { }
