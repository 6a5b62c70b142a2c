/**
 * Seeded synthetic BitNet b1.58 models ({@link dev.rotor.synthetic.SyntheticModel}) of any
 * {@link dev.rotor.synthetic.ModelShape}, with the real tensor names, shapes and dtypes, in every layout: for
 * tests, demos and benchmarks. The same seed gives the same weights in every layout.
 */
package dev.rotor.synthetic;
