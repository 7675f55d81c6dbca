package dev.stratum.backend.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The op codes of the kernels are the Java enums' ordinals: generated, never numbered by hand, and
 * every switch over a code handles every constant. Needs no OpenCL device; the conformance kit on
 * PoCL then runs every constant through its kernel.
 */
class KernelSourceTest {

  private static final Pattern DEFINE = Pattern.compile("(?m)^#define\\s+(\\w+)\\s+(\\S+)");
  private static final Pattern CASE = Pattern.compile("\\bcase\\s+(\\w+)\\s*:");

  @Test
  void everyConstantOfACodedEnumIsDefinedAsItsOrdinal() {
    Map<String, String> defines = defines(KernelSource.program());
    assertThat(defines).containsEntry("MAX_RANK", Integer.toString(KernelSource.MAX_RANK));
    int codes = 0;
    for (KernelSource.Coded coded : KernelSource.CODED) {
      for (Enum<?> constant : coded.type().getEnumConstants()) {
        assertThat(defines)
            .as("%s.%s", coded.type().getSimpleName(), constant.name())
            .containsEntry(coded.define(constant), Integer.toString(constant.ordinal()));
        codes++;
      }
    }
    assertThat(defines(KernelSource.header())).as("the generated header").hasSize(codes + 1);
  }

  @Test
  void noKernelFileDefinesACodeOrTheRankByHand() {
    for (String file : KernelSource.FILES) {
      Set<String> defined = defines(KernelSource.read(file)).keySet();
      for (KernelSource.Coded coded : KernelSource.CODED) {
        assertThat(defined).as(file).noneMatch(name -> name.startsWith(coded.prefix()));
      }
      assertThat(defined).as(file).doesNotContain("MAX_RANK");
    }
  }

  @Test
  void everySwitchOverACodeHasACaseForEveryConstant() {
    String program = KernelSource.program();
    List<Set<String>> switches = switchLabels(program);
    for (KernelSource.Coded coded : KernelSource.CODED) {
      Set<String> all = new LinkedHashSet<>();
      for (Enum<?> constant : coded.type().getEnumConstants()) {
        all.add(coded.define(constant));
      }
      List<Set<String>> over =
          switches.stream()
              .filter(labels -> labels.stream().anyMatch(l -> l.startsWith(coded.prefix())))
              .toList();
      assertThat(over).as("switches over %s codes", coded.prefix()).isNotEmpty();
      for (Set<String> labels : over) {
        assertThat(labels).as("a switch over %s codes", coded.prefix()).containsAll(all);
      }
    }
  }

  @Test
  void everyCodeTheKernelsNameIsGenerated() {
    Set<String> generated = defines(KernelSource.header()).keySet();
    Pattern code = Pattern.compile("\\b(?:U|B|R|D)_[A-Z0-9_]+\\b");
    for (String file : KernelSource.FILES) {
      Matcher m = code.matcher(KernelSource.read(file));
      while (m.find()) {
        assertThat(generated).as("%s names %s", file, m.group()).contains(m.group());
      }
    }
  }

  @Test
  void int8ArgumentsArePaddedWithZeros() {
    assertThat(KernelSource.int8(new int[] {3, 4})).containsExactly(3, 4, 0, 0, 0, 0, 0, 0);
  }

  private static Map<String, String> defines(String text) {
    Map<String, String> defines = new HashMap<>();
    Matcher m = DEFINE.matcher(text);
    while (m.find()) {
      defines.put(m.group(1), m.group(2));
    }
    return defines;
  }

  /** The case labels of each {@code switch} block of {@code text} (none is nested in another). */
  private static List<Set<String>> switchLabels(String text) {
    List<Set<String>> switches = new ArrayList<>();
    Matcher start = Pattern.compile("\\bswitch\\s*\\(").matcher(text);
    while (start.find()) {
      int open = text.indexOf('{', start.end());
      int depth = 0;
      int end = open;
      for (int i = open; i < text.length(); i++) {
        char c = text.charAt(i);
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        if (depth == 0) {
          end = i;
          break;
        }
      }
      Set<String> labels = new LinkedHashSet<>();
      Matcher label = CASE.matcher(text.substring(open, end));
      while (label.find()) {
        labels.add(label.group(1));
      }
      switches.add(labels);
    }
    return switches;
  }
}
