#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The Linux guest scenarios on a GICv2 board: boot, 2 vCPUs, commands,
timing, a panic isolated from the other guest, poweroff."""

from vmlib import linux_pair_scenario, stress_panic

linux_pair_scenario("GICv2", "vm_linux_gicv2", gic=2, cpus=4, init_timeout=400,
                    sleep_domid=2, sleep_max=12, stress=stress_panic,
                    stress_name="a panicking guest leaves the other one responsive")
