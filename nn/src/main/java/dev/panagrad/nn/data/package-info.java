/**
 * Data loading, after {@code torch.utils.data} and torchvision: {@link dev.panagrad.nn.data.Dataset}
 * (samples by index), {@link dev.panagrad.nn.data.TensorDataset}, {@link dev.panagrad.nn.data.Example}
 * samples collated into {@link dev.panagrad.nn.data.Batch}es by a {@link dev.panagrad.nn.data.Collate},
 * the {@link dev.panagrad.nn.data.DataLoader} (batching, seeded per-epoch shuffling, drop-last,
 * background prefetching), the hardened {@link dev.panagrad.nn.data.Idx} reader and writer of the
 * MNIST file format, and {@link dev.panagrad.nn.data.Mnist} with 10,000 digits shipped in the module.
 */
package dev.panagrad.nn.data;
