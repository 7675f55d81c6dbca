/**
 * The model kinds {@code stratum train --model} knows, one class each, and the pictures kinds with
 * codes or reconstructions share. To add a kind: implement {@link dev.stratum.cli.kind.ModelKind}
 * (plus {@link dev.stratum.cli.kind.Encodes} / {@link dev.stratum.cli.kind.Reconstructs} where they
 * apply) and add it to {@link dev.stratum.cli.kind.ModelKinds}.
 */
package dev.stratum.cli.kind;
