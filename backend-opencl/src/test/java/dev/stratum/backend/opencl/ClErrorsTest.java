package dev.stratum.backend.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Error codes become names, and a failed call names itself, its operation and the error. */
class ClErrorsTest {

  @Test
  void codesHaveTheirHeaderNames() {
    assertThat(ClErrors.name(-5)).isEqualTo("CL_OUT_OF_RESOURCES");
    assertThat(ClErrors.name(-4)).isEqualTo("CL_MEM_OBJECT_ALLOCATION_FAILURE");
    assertThat(ClErrors.name(-54)).isEqualTo("CL_INVALID_WORK_GROUP_SIZE");
    assertThat(ClErrors.name(-1001)).isEqualTo("CL_PLATFORM_NOT_FOUND_KHR");
    assertThat(ClErrors.name(-9999)).isEqualTo("CL error -9999");
  }

  @Test
  void aFailedCallNamesCallOperationAndError() {
    assertThatThrownBy(() -> ClErrors.check(-5, "clEnqueueNDRangeKernel", "gemm"))
        .isInstanceOf(OpenClException.class)
        .hasMessage("clEnqueueNDRangeKernel(gemm): CL_OUT_OF_RESOURCES")
        .satisfies(e -> assertThat(((OpenClException) e).code()).isEqualTo(-5));
    ClErrors.check(0, "clFinish", "nothing"); // success passes
  }
}
