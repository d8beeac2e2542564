// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CPU features a guest sees. HCR_EL2.TID3 traps the guest's reads of the
 * ID registers (op0=3, op1=0, CRn=0, CRm=1..7); we answer with the hardware's
 * values minus the features whose state the world switch does not carry:
 * SVE and SME (Z/P/ZA registers, ZCR/SMCR; CPTR_EL2 keeps them trapped),
 * MTE (tags, TFSR/GCR), AMU, MPAM, SPE and the trace buffer. Pointer
 * authentication is supported instead: its keys are switched with the other
 * EL1 registers (sysreg-sr.c) and HCR_EL2.API/APK let the guest use it.
 */
#include <basalt/lib.h>
#include <asm/guest.h>
#include <asm/sysregs.h>

#define HCR_TID3 BIT(18)
#define HCR_APK	 BIT(40)
#define HCR_API	 BIT(41)

/* Field masks (4 bits each) of the registers we edit. */
#define FIELD(shift) (0xfULL << (shift))
#define PFR0_HIDDEN  (FIELD(32) /* SVE */ | FIELD(40) /* MPAM */ | FIELD(44) /* AMU */)
#define PFR1_HIDDEN  (FIELD(8) /* MTE */ | FIELD(16) /* MPAM_frac */ | FIELD(24) /* SME */)
#define DFR0_HIDDEN  (FIELD(32) /* PMSVer (SPE) */ | FIELD(44) /* TraceBuffer */)
#define ISAR1_PAUTH  (FIELD(4) /* APA */ | FIELD(8) /* API */)
#define ISAR2_PAUTH  FIELD(12) /* APA3 */

/* The index of an ID register in our table: CRm * 8 + op2. */
#define ID_IDX(crm, op2) ((crm)*8 + (op2))
#define ID_PFR0		 ID_IDX(4, 0)
#define ID_PFR1		 ID_IDX(4, 1)
#define ID_ZFR0		 ID_IDX(4, 4)
#define ID_SMFR0	 ID_IDX(4, 5)
#define ID_DFR0		 ID_IDX(5, 0)
#define ID_ISAR1	 ID_IDX(6, 1)
#define ID_ISAR2	 ID_IDX(6, 2)

static bool has_pauth;

/*
 * MRS needs its encoding at build time: one case per encoding of the space.
 * The architecture makes the unallocated ones read as zero.
 */
#define ID_CASE(crm, op2)                                                                          \
	case ID_IDX(crm, op2):                                                                     \
		return READ_SYSREG(S3_0_C0_C##crm##_##op2)
#define ID_ROW(crm)                                                                                \
	ID_CASE(crm, 0);                                                                           \
	ID_CASE(crm, 1);                                                                           \
	ID_CASE(crm, 2);                                                                           \
	ID_CASE(crm, 3);                                                                           \
	ID_CASE(crm, 4);                                                                           \
	ID_CASE(crm, 5);                                                                           \
	ID_CASE(crm, 6);                                                                           \
	ID_CASE(crm, 7)

static uint64_t read_hw_id(unsigned int idx)
{
	switch (idx) {
		ID_ROW(1);
		ID_ROW(2);
		ID_ROW(3);
		ID_ROW(4);
		ID_ROW(5);
		ID_ROW(6);
		ID_ROW(7);
	default:
		return 0;
	}
}

uint64_t vcpu_id_reg(unsigned int crm, unsigned int op2)
{
	unsigned int idx = ID_IDX(crm, op2);
	uint64_t val = read_hw_id(idx);

	switch (idx) {
	case ID_PFR0:
		return val & ~PFR0_HIDDEN;
	case ID_PFR1:
		return val & ~PFR1_HIDDEN;
	case ID_ZFR0:
	case ID_SMFR0:
		return 0;
	case ID_DFR0:
		return val & ~DFR0_HIDDEN;
	default:
		return val;
	}
}

bool vcpu_emulate_id_reg(uint32_t iss, register_t *val)
{
	unsigned int op0 = (iss >> 20) & 3, op2 = (iss >> 17) & 7, op1 = (iss >> 14) & 7;
	unsigned int crn = (iss >> 10) & 0xf, crm = (iss >> 1) & 0xf;
	bool read = iss & 1;

	if (op0 != 3 || op1 != 0 || crn != 0 || crm < 1 || crm > 7 || !read)
		return false;
	*val = vcpu_id_reg(crm, op2);
	return true;
}

void vcpu_features_init(void)
{
	has_pauth = (read_hw_id(ID_ISAR1) & ISAR1_PAUTH) || (read_hw_id(ID_ISAR2) & ISAR2_PAUTH);
}

bool cpu_has_pauth(void)
{
	return has_pauth;
}

uint64_t vcpu_features_hcr(void)
{
	return HCR_TID3 | (has_pauth ? HCR_API | HCR_APK : 0);
}
