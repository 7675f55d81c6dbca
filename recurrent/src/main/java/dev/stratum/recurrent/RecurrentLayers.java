package dev.stratum.recurrent;

import dev.stratum.layers.LayerType;
import dev.stratum.nn.LayerFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every layer type of this module: {@code "recurrent"}, the cells {@code "rnn_cell"}, {@code
 * "lstm_cell"}, {@code "gru_cell"}, {@code "mgu_cell"}, {@code "time_distributed"} and {@code
 * "sequence_model"}, and their factories keyed by type name. Add the factories to {@code
 * StandardLayers.factories()} to build a model's JSON without Guice; {@code RecurrentModule} binds
 * them with Guice.
 */
public final class RecurrentLayers {

  private static final List<LayerType<?>> TYPES =
      List.of(
          Recurrent.TYPE,
          SimpleRnnCell.TYPE,
          LstmCell.TYPE,
          GruCell.TYPE,
          MguCell.TYPE,
          TimeDistributed.TYPE,
          SequenceModel.TYPE);

  private static final Map<String, LayerFactory> FACTORIES = factories(TYPES);

  private RecurrentLayers() {}

  private static Map<String, LayerFactory> factories(List<LayerType<?>> types) {
    Map<String, LayerFactory> f = new LinkedHashMap<>();
    for (LayerType<?> type : types) {
      f.put(type.name(), type.factory());
    }
    return Collections.unmodifiableMap(f);
  }

  /** Every layer type of this module, in a fixed order. */
  public static List<LayerType<?>> layerTypes() {
    return TYPES;
  }

  /** Every factory of this module, by type name, in the order of {@link #layerTypes()}. */
  public static Map<String, LayerFactory> factories() {
    return FACTORIES;
  }
}
