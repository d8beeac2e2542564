#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The Linux guest scenarios on a 1-CPU board: four vCPUs of two guests
time-share one pCPU; both boot with 2 CPUs, keep time, stay responsive
while the other spins, and power off cleanly."""

from vmlib import linux_pair_scenario, stress_spin, survivor_answers

linux_pair_scenario("1 pCPU", "vm_linux_1cpu", gic=3, cpus=1, init_timeout=600,
                    sleep_domid=1, sleep_max=15, stress=stress_spin,
                    stress_name="a spinning guest does not starve the other",
                    poweroff_name="guest poweroff is reported, the spinner carries on",
                    after_poweroff=survivor_answers)
