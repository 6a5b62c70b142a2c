package dev.rotor;

@VectorWidth(128)
class Vector128KernelTest extends VectorKernelContract { }
