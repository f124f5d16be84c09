/**
 * Model files: the safetensors reader and writer ({@link dev.panagrad.nn.io.Safetensors}), with raw
 * access for exact round trips ({@link dev.panagrad.nn.io.SafetensorsFile},
 * {@link dev.panagrad.nn.io.SafetensorsEntry}) and reasoned format errors
 * ({@link dev.panagrad.nn.io.SafetensorsFormatException}).
 */
package dev.panagrad.nn.io;
