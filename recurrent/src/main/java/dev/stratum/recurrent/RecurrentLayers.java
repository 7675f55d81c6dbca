package dev.stratum.recurrent;

import dev.stratum.nn.LayerFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The factory of every layer of this module, keyed by type name: {@code "recurrent"}, the cells
 * {@code "rnn_cell"}, {@code "lstm_cell"}, {@code "gru_cell"}, {@code "mgu_cell"}, {@code
 * "time_distributed"} and {@code "sequence_model"}. Add them to {@code StandardLayers.factories()}
 * to build a model's JSON without Guice; {@code RecurrentModule} binds them with Guice.
 */
public final class RecurrentLayers {

  private static final Map<String, LayerFactory> FACTORIES = createFactories();

  private RecurrentLayers() {}

  private static Map<String, LayerFactory> createFactories() {
    Map<String, LayerFactory> f = new LinkedHashMap<>();
    f.put(Recurrent.TYPE, Recurrent.factory());
    f.put(SimpleRnnCell.TYPE, SimpleRnnCell.factory());
    f.put(LstmCell.TYPE, LstmCell.factory());
    f.put(GruCell.TYPE, GruCell.factory());
    f.put(MguCell.TYPE, MguCell.factory());
    f.put(TimeDistributed.TYPE, TimeDistributed.factory());
    f.put(SequenceModel.TYPE, SequenceModel.factory());
    return Collections.unmodifiableMap(f);
  }

  /** Every factory of this module, by type name, in a fixed order. */
  public static Map<String, LayerFactory> factories() {
    return FACTORIES;
  }
}
