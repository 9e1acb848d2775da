/* srvsess-prefilter.c
 * The frames of a capture that a libpcap filter keeps, with the numbers they
 * had in the capture: srvsess-scan's prefilter for large captures.
 *
 *   srvsess-prefilter CAPTURE FILTER NUMBERS
 *
 * Reads CAPTURE (a file, or - for standard input) with libpcap, writes the
 * frames that FILTER (pcap-filter(7)) keeps to standard output as a pcap file
 * with nanosecond time stamps, and writes to the file NUMBERS the number each
 * kept frame had in CAPTURE (1-based, one decimal per line, in order), then a
 * last line "end KEPT FRAMES KEPT_BYTES BYTES". srvsess-scan pipes the frames
 * into tshark and maps tshark's frame numbers back through NUMBERS, so its
 * records name the frames of the capture, as an unfiltered run does.
 *
 * Why a program and not tcpdump: tcpdump -w keeps the frames but not their
 * numbers (its -# counts the frames that matched, not those read), and the
 * numbers are what the records must carry. The reading, the filter and the
 * writing are libpcap's own; this file only counts.
 *
 * Exit status: 0; 1 when libpcap cannot open or read CAPTURE or compile
 * FILTER (libpcap's message on standard error; NUMBERS then has no "end"
 * line); 2 for a usage error.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

static int
fail(const char *what, const char *why)
{
    fprintf(stderr, "srvsess-prefilter: %s: %s\n", what, why);
    return 1;
}

int
main(int argc, char **argv)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    struct bpf_program prog;
    struct pcap_pkthdr *hdr;
    const u_char *data;
    pcap_t *in;
    pcap_dumper_t *out;
    FILE *numbers;
    uint64_t frames = 0, kept = 0, bytes = 0, kept_bytes = 0;
    int rc, status = 0;

    if (argc != 4) {
        fprintf(stderr, "usage: srvsess-prefilter CAPTURE FILTER NUMBERS\n");
        return 2;
    }
    errbuf[0] = '\0';
    /* Nanoseconds whatever the file holds: microseconds convert exactly, and
     * tshark then prints the very times an unfiltered run prints. */
    in = pcap_open_offline_with_tstamp_precision(argv[1], PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (in == NULL)
        return fail(argv[1], errbuf);
    if (pcap_compile(in, &prog, argv[2], 1, PCAP_NETMASK_UNKNOWN) != 0)
        return fail("filter", pcap_geterr(in));
    numbers = fopen(argv[3], "w");
    if (numbers == NULL)
        return fail(argv[3], strerror(errno));
    out = pcap_dump_open(in, "-");
    if (out == NULL)
        return fail("standard output", pcap_geterr(in));
    /* Line by line: srvsess-scan reads NUMBERS while tshark dissects the kept
     * frames, so a frame's number is in the file before the frame is written. */
    setvbuf(numbers, NULL, _IOLBF, 0);

    while ((rc = pcap_next_ex(in, &hdr, &data)) == 1) {
        frames++;
        bytes += hdr->caplen;
        if (pcap_offline_filter(&prog, hdr, data)) {
            fprintf(numbers, "%" PRIu64 "\n", frames);
            pcap_dump((u_char *)out, hdr, data);
            kept++;
            kept_bytes += hdr->caplen;
        }
    }
    /* PCAP_ERROR_BREAK (-2) is the end of the file; anything else is damage. */
    if (rc != PCAP_ERROR_BREAK)
        status = fail(argv[1], pcap_geterr(in));
    else
        fprintf(numbers, "end %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
                kept, frames, kept_bytes, bytes);
    pcap_dump_close(out);
    if (fclose(numbers) != 0 && status == 0)
        status = fail(argv[3], strerror(errno));
    pcap_freecode(&prog);
    pcap_close(in);
    return status;
}
