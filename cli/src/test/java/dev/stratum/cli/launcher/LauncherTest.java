package dev.stratum.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LauncherTest {

  @Test
  void readsTheFeatureReleaseOfEveryVersionScheme() {
    assertThat(Launcher.feature("1.8")).isEqualTo(8);
    assertThat(Launcher.feature("11")).isEqualTo(11);
    assertThat(Launcher.feature("17")).isEqualTo(17);
    assertThat(Launcher.feature("25")).isEqualTo(25);
    assertThat(Launcher.feature("26.1")).isEqualTo(26);
    // unreadable: let the JVM decide rather than refuse a Java that may be new enough
    assertThat(Launcher.feature("")).isEqualTo(Integer.MAX_VALUE);
    assertThat(Launcher.feature("25-ea")).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void isCompiledForJava8SoThatAnOldJvmCanLoadIt() throws Exception {
    try (InputStream in = Launcher.class.getResourceAsStream("Launcher.class")) {
      DataInputStream data = new DataInputStream(in);
      assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
      data.readUnsignedShort(); // minor version
      assertThat(data.readUnsignedShort()).as("class file major version").isEqualTo(52);
    }
  }
}
