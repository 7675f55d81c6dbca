/**
 * Autoencoders: an {@link dev.stratum.autoencoders.Autoencoder} of any encoder and decoder layers
 * (undercomplete, deep, tied through {@link dev.stratum.autoencoders.TiedDense}, convolutional),
 * and the kinds that change the objective: {@link dev.stratum.autoencoders.SparseAutoencoder} (L1
 * and KL penalties on the code), {@link dev.stratum.autoencoders.DenoisingAutoencoder} (Gaussian,
 * masking and salt-and-pepper {@link dev.stratum.autoencoders.Noise}), {@link
 * dev.stratum.autoencoders.ContractiveAutoencoder} (the encoder's Jacobian), and greedy layer-wise
 * pretraining of a stack of denoising autoencoders ({@link
 * dev.stratum.autoencoders.StackedDenoising}). Every kind trains with the {@code Trainer} through
 * {@link dev.stratum.autoencoders.AutoencoderStep} and saves, loads and rebuilds from {@code
 * model.json} like any layer ({@link dev.stratum.autoencoders.Autoencoders#factories()}).
 */
package dev.stratum.autoencoders;
