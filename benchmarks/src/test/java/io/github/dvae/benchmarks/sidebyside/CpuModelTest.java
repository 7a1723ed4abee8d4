package io.github.dvae.benchmarks.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CpuModelTest {

    @Test
    void lscpuNameFamilyAndModelAreItsOwnLines() {
        String lscpu = "Architecture:             x86_64\n"
                + "Vendor ID:                AuthenticAMD\n"
                + "  BIOS Vendor ID:         Advanced Micro Devices, Inc.\n"
                + "  Model name:             AMD EPYC 9R45 96-Core Processor\n"
                + "    BIOS Model name:      AMD EPYC 9R45, 96-Core Processor\n"
                + "    CPU family:           26\n"
                + "    Model:                2\n"
                + "    Thread(s) per core:   1\n";
        assertEquals(new CpuModel("AMD EPYC 9R45 96-Core Processor", "26", "2"),
                CpuModel.fromLscpu(lscpu));
        assertEquals(new CpuModel("AMD EPYC", "26", "2"), CpuModel.fromLscpu(
                "Vendor ID: AuthenticAMD\nModel name:   AMD EPYC\nCPU family: 26\nModel: 2\n"));
    }

    @Test
    void cpuinfoIsReadFromItsFirstProcessorAndMissingFieldsAreUnknown() {
        String cpuinfo = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n"
                + "model\t\t: 85\nmodel name\t: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz\n"
                + "processor\t: 1\nmodel\t\t: 99\n";
        assertEquals(new CpuModel("Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz", "6", "85"),
                CpuModel.fromCpuinfo(cpuinfo));
        assertEquals(new CpuModel("?", "?", "?"), CpuModel.fromLscpu("Architecture: x86_64\n"));
    }
}
