/**
 * The linear baseline: principal component analysis ({@link dev.stratum.autoencoders.pca.Pca}), the
 * symmetric eigendecomposition it rests on ({@link dev.stratum.autoencoders.pca.SymmetricEigen}),
 * and principal angles between subspaces ({@link dev.stratum.autoencoders.pca.PrincipalAngles}),
 * with which a linear autoencoder is compared to the principal subspace.
 */
package dev.stratum.autoencoders.pca;
