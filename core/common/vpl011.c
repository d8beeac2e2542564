// SPDX-License-Identifier: GPL-2.0-only
/*
 * An emulated PL011 per domain: enough of the register file for Linux's
 * amba-pl011 driver and earlycon=pl011. Transmission is instantaneous (the
 * TX FIFO is always empty), received characters come from the hypervisor
 * console when input is switched to this domain, and the interrupt output
 * (RX, RX timeout, TX) drives the domain's SPI as a level.
 */
#include <basalt/console.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/guest_layout.h>
#include <basalt/lib.h>
#include <basalt/mmio.h>
#include <basalt/spinlock.h>
#include <basalt/vgic.h>
#include <basalt/vpl011.h>
#include <basalt/xmalloc.h>

/* Register offsets */
#define UARTDR	      0x000
#define UARTRSR	      0x004
#define UARTFR	      0x018
#define UARTILPR      0x020
#define UARTIBRD      0x024
#define UARTFBRD      0x028
#define UARTLCR_H     0x02c
#define UARTCR	      0x030
#define UARTIFLS      0x034
#define UARTIMSC      0x038
#define UARTRIS	      0x03c
#define UARTMIS	      0x040
#define UARTICR	      0x044
#define UARTDMACR     0x048
#define UARTPERIPHID0 0xfe0
#define UARTPCELLID3  0xffc

/* UARTFR */
#define FR_RXFE BIT(4)
#define FR_TXFF BIT(5)
#define FR_RXFF BIT(6)
#define FR_TXFE BIT(7)
/* Interrupt bits (IMSC/RIS/MIS/ICR) */
#define INT_RX BIT(4)
#define INT_TX BIT(5)
#define INT_RT BIT(6)

#define RX_RING 256

/* PL011 r1p5 identification: PeriphID 0x00341011, PrimeCell ID 0xb105f00d. */
static const uint8_t pl011_id[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

struct vpl011 {
	spinlock_t lock;
	struct domain *d;
	uint32_t cr, lcr_h, ibrd, fbrd, ifls, imsc, dmacr, ilpr;
	char rx[RX_RING];
	unsigned int rx_head, rx_count;
	bool level; /* the SPI as last driven */
};

/* Raw interrupt status: RX and RX-timeout while data waits, TX always (FIFO empty). */
static uint32_t vpl011_ris(const struct vpl011 *u)
{
	return (u->rx_count ? (INT_RX | INT_RT) : 0) | INT_TX;
}

/* Recompute the output line; returns the level to drive (lock held). */
static bool vpl011_update(struct vpl011 *u, bool *changed)
{
	bool level = (vpl011_ris(u) & u->imsc) != 0;

	*changed = level != u->level;
	u->level = level;
	return level;
}

static void vpl011_drive(struct vpl011 *u, bool level, bool changed)
{
	if (changed)
		vgic_set_irq_level(u->d, NULL, GUEST_UART_SPI, level);
}

static uint32_t vpl011_read_reg(struct vpl011 *u, ipa_t off)
{
	uint32_t c;

	if (off >= UARTPERIPHID0 && off <= UARTPCELLID3)
		return pl011_id[(off - UARTPERIPHID0) / 4];
	switch (off) {
	case UARTDR:
		if (!u->rx_count)
			return 0;
		c = (uint8_t)u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % RX_RING;
		u->rx_count--;
		return c;
	case UARTRSR:
		return 0;
	case UARTFR:
		return FR_TXFE | (u->rx_count ? 0 : FR_RXFE) |
		       (u->rx_count == RX_RING ? FR_RXFF : 0);
	case UARTILPR:
		return u->ilpr;
	case UARTIBRD:
		return u->ibrd;
	case UARTFBRD:
		return u->fbrd;
	case UARTLCR_H:
		return u->lcr_h;
	case UARTCR:
		return u->cr;
	case UARTIFLS:
		return u->ifls;
	case UARTIMSC:
		return u->imsc;
	case UARTRIS:
		return vpl011_ris(u);
	case UARTMIS:
		return vpl011_ris(u) & u->imsc;
	case UARTDMACR:
		return u->dmacr;
	default:
		return 0;
	}
}

static void vpl011_write_reg(struct vpl011 *u, ipa_t off, uint32_t val)
{
	switch (off) {
	case UARTILPR:
		u->ilpr = val & 0xff;
		break;
	case UARTIBRD:
		u->ibrd = val & 0xffff;
		break;
	case UARTFBRD:
		u->fbrd = val & 0x3f;
		break;
	case UARTLCR_H:
		u->lcr_h = val & 0xff;
		break;
	case UARTCR:
		u->cr = val & 0xffff;
		break;
	case UARTIFLS:
		u->ifls = val & 0x3f;
		break;
	case UARTIMSC:
		u->imsc = val & 0x7ff;
		break;
	case UARTDMACR:
		u->dmacr = val & 0x7;
		break;
	default:
		/* UARTDR (sent by the caller), UARTRSR/ECR, UARTICR (status follows the FIFO),
		 * read-only ones. */
		break;
	}
}

static int vpl011_mmio_read(struct vcpu *v, ipa_t off, unsigned int size, uint64_t *val, void *priv)
{
	struct vpl011 *u = priv;
	unsigned long flags;
	bool level, changed;

	if (size > 4 || (off & 3))
		return -EINVAL;
	spin_lock_irqsave(&u->lock, flags);
	*val = vpl011_read_reg(u, off);
	level = vpl011_update(u, &changed);
	spin_unlock_irqrestore(&u->lock, flags);
	vpl011_drive(u, level, changed);
	return 0;
}

static int vpl011_mmio_write(struct vcpu *v, ipa_t off, unsigned int size, uint64_t val, void *priv)
{
	struct vpl011 *u = priv;
	unsigned long flags;
	bool level, changed;

	if (size > 4 || (off & 3))
		return -EINVAL;
	if (off == UARTDR) {
		char c = (char)val;

		/*
		 * Not under u->lock: the console calls vpl011_rx() with its own
		 * lock held, so taking them in the other order could deadlock.
		 */
		console_domain_write(u->d->id, &c, 1);
		return 0;
	}
	spin_lock_irqsave(&u->lock, flags);
	vpl011_write_reg(u, off, (uint32_t)val);
	level = vpl011_update(u, &changed);
	spin_unlock_irqrestore(&u->lock, flags);
	vpl011_drive(u, level, changed);
	return 0;
}

static const struct mmio_ops vpl011_ops = {
    .read = vpl011_mmio_read,
    .write = vpl011_mmio_write,
};

/* A character typed on the hypervisor console while input is ours. */
static void vpl011_rx(domid_t id, char c, void *data)
{
	struct vpl011 *u = data;
	unsigned long flags;
	bool level, changed;

	spin_lock_irqsave(&u->lock, flags);
	if (u->rx_count < RX_RING) {
		u->rx[(u->rx_head + u->rx_count) % RX_RING] = c;
		u->rx_count++;
	}
	level = vpl011_update(u, &changed);
	spin_unlock_irqrestore(&u->lock, flags);
	vpl011_drive(u, level, changed);
}

int vpl011_init(struct domain *d)
{
	struct vpl011 *u = xzalloc(struct vpl011);
	int rc;

	if (!u)
		return -ENOMEM;
	spin_lock_init(&u->lock);
	u->d = d;
	/* Reset values: UART off, 8-bit FIFOs off, interrupts masked, FIFO levels 1/2. */
	u->cr = 0x300;
	u->ifls = 0x12;
	rc = domain_register_mmio(d, GUEST_UART_BASE, GUEST_UART_SIZE, &vpl011_ops, u);
	if (rc == 0)
		rc = console_register_domain(d->id, vpl011_rx, u);
	if (rc) {
		xfree(u);
		return rc;
	}
	d->vpl011 = u;
	return 0;
}

void vpl011_destroy(struct domain *d, bool keep_log)
{
	/* The console keeps a domain's history readable after it leaves, crash or not. */
	console_unregister_domain(d->id);
	xfree(d->vpl011);
	d->vpl011 = NULL;
}
