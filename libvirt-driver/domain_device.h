/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain_device.h - the <devices> part of a domain definition: parse, the
 * defaults that need the whole list, and format.
 */
#ifndef VIRTBASALTD_DOMAIN_DEVICE_H
#define VIRTBASALTD_DOMAIN_DEVICE_H

#include "domain_conf.h"

/* Parse <devices> into def->devices and def->emulator. */
bool bdom_devices_parse(xmlNodePtr devices, struct bdom_def *def, GError **error);
/* Cross-device rules (duplicate targets, controller indexes) and defaults. */
bool bdom_devices_finish(struct bdom_def *def, GError **error);
/* Append the <devices> element of def to parent. */
void bdom_devices_format(const struct bdom_def *def, xmlNodePtr parent, unsigned int flags);

#endif
