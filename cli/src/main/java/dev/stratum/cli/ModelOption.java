package dev.stratum.cli;

import dev.stratum.cli.kind.ModelKind;
import dev.stratum.cli.kind.ModelKinds;
import java.util.Iterator;
import picocli.CommandLine;

/** Turns {@code --model NAME} into a {@link ModelKind}; an unknown name lists the known ones. */
final class ModelOption implements CommandLine.ITypeConverter<ModelKind>, Iterable<String> {

  @Override
  public ModelKind convert(String name) {
    try {
      return ModelKinds.named(name);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }

  /** The names, for {@code --help} ({@code ${COMPLETION-CANDIDATES}}). */
  @Override
  public Iterator<String> iterator() {
    return ModelKinds.names().iterator();
  }
}
