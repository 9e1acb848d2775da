/* srvsess-stats.h — the srvsess statistics tree (tshark -z srvsess,tree).
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SRVSESS_STATS_H
#define SRVSESS_STATS_H

void srvsess_stats_register(void);

#endif /* SRVSESS_STATS_H */
