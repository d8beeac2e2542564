#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Read `nm -n` output on stdin, write an assembly symbol table of the text
# symbols (address-sorted) for backtraces: struct symbol { u64 addr; u32
# name_offset; u32 pad; } symbols_table[symbols_count], then the names.
awk 'BEGIN { n = 0 }
NF == 3 && $2 ~ /^[tTwW]$/ && $3 !~ /^\$/ && $3 !~ /^\./ {
	addr[n] = $1; name[n] = $3; n++
}
END {
	print "\t.section .symbols, \"a\""
	print "\t.balign 8"
	print "\t.globl symbols_count"
	print "symbols_count:\t.quad " n
	print "\t.globl symbols_table"
	print "symbols_table:"
	off = 0
	for (i = 0; i < n; i++) {
		print "\t.quad 0x" addr[i]
		print "\t.word " off ", 0"
		off += length(name[i]) + 1
	}
	print "\t.globl symbols_names"
	print "symbols_names:"
	for (i = 0; i < n; i++)
		print "\t.asciz \"" name[i] "\""
	print "\t.byte 0"
}'
