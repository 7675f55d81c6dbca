/**
 * Export to ONNX: {@link dev.stratum.onnx.Onnx#export} writes a trained model (layers, {@code
 * Sequential}, the autoencoders, recurrent networks) as an ONNX file with a dynamic batch axis, its
 * parameters as named initializers and Stratum's metadata, for ONNX Runtime or any other ONNX
 * server. The graphs are built directly with the protobuf builders of the ONNX schema's generated
 * classes ({@code ai.onnx.proto.OnnxMl}, from {@code tribuo-util-onnx}); layers without an ONNX
 * form are refused with an {@link dev.stratum.onnx.UnsupportedLayerException}.
 */
package dev.stratum.onnx;
