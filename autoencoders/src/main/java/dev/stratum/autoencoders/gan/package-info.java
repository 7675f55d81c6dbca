/**
 * The generative adversarial network (Goodfellow et al., 2014): a generator {@code G} that turns
 * latent codes {@code z ~ N(0, I)} (drawn from the project's Philox {@link
 * dev.stratum.tensor.Generator}) into samples, and a discriminator {@code D} that scores samples as
 * real or generated, trained in alternation with their own optimizers by {@link
 * dev.stratum.autoencoders.gan.GanStep}: the discriminator on real and detached generated samples,
 * then the generator with the non-saturating loss against the updated discriminator.
 *
 * <p>{@link dev.stratum.autoencoders.gan.Gan} is a layer (its forward pass is {@code G}), with a
 * dense and a DCGAN-style convolutional architecture; {@link
 * dev.stratum.autoencoders.gan.SampleQuality} measures generated images with a separately trained
 * classifier, and {@link dev.stratum.autoencoders.gan.ImageGrid} writes a grid of them as a PNG.
 * {@link dev.stratum.autoencoders.gan.GanModule} registers the type with Guice.
 */
package dev.stratum.autoencoders.gan;
