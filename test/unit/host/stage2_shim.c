/* SPDX-License-Identifier: GPL-2.0-only */
/* Host "fake arch": the stage-2 record of test/unit/host/asm/stage2.h. */
#include <asm/stage2.h>

struct host_stage2 host_stage2 = {
    /* PARange 40 bits, 16-bit VMIDs: what QEMU's cortex-a53 reports (plus VMID16) */
    .id_aa64mmfr0 = 0x2,
    .id_aa64mmfr1 = 0x2 << 4,
};

void host_stage2_reset(void)
{
	uint64_t mmfr0 = host_stage2.id_aa64mmfr0, mmfr1 = host_stage2.id_aa64mmfr1;

	memset(&host_stage2, 0, sizeof(host_stage2));
	host_stage2.id_aa64mmfr0 = mmfr0;
	host_stage2.id_aa64mmfr1 = mmfr1;
}
