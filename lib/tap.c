// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * tap.c - open and configure a tap device, for vde-plug, vde-switchd -t
 * and vde-privd.  Creating or attaching to a tap needs CAP_NET_ADMIN
 * unless the tap is persistent and owned by the caller (`ip tuntap add
 * NAME mode tap user USER`); either way the caller drops its privileges
 * right after, before it reads a frame.
 *
 * Persistence is never changed: a tap this code creates is not
 * persistent (it goes away with the last descriptor, i.e. with the
 * program that holds it), and a tap that existed before, persistent or
 * not, keeps its flag.  So an operator's `ip tuntap add` tap survives the
 * switch, and a tap the switch made does not outlive it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/if_tun.h>
#include <net/if_arp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tap.h"

static void tap_ifr(struct ifreq *ifr, const char *ifname)
{
	memset(ifr, 0, sizeof(*ifr));
	memcpy(ifr->ifr_name, ifname, strnlen(ifname, IFNAMSIZ - 1));
}

/* Set MTU, MAC and the up flag of @ifname through socket @s; a value that
 * is already in force is not set again, so that the owner of a persistent
 * tap that is already configured needs no privilege */
static int tap_config(int s, const char *ifname, uint32_t mtu,
		      const uint8_t *mac, bool up)
{
	struct ifreq ifr;

	if (mtu) {
		tap_ifr(&ifr, ifname);
		if (mtu > INT_MAX)
			return -EINVAL;
		if (ioctl(s, SIOCGIFMTU, &ifr) < 0)
			return -errno;
		if (ifr.ifr_mtu != (int)mtu) {
			ifr.ifr_mtu = (int)mtu;
			if (ioctl(s, SIOCSIFMTU, &ifr) < 0)
				return -errno;
		}
	}
	if (mac) {
		tap_ifr(&ifr, ifname);
		if (ioctl(s, SIOCGIFHWADDR, &ifr) < 0)
			return -errno;
		if (memcmp(ifr.ifr_hwaddr.sa_data, mac, 6)) {
			ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
			memcpy(ifr.ifr_hwaddr.sa_data, mac, 6);
			if (ioctl(s, SIOCSIFHWADDR, &ifr) < 0)
				return -errno;
		}
	}
	if (up) {
		tap_ifr(&ifr, ifname);
		if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
			return -errno;
		if (ifr.ifr_flags & IFF_UP)
			return 0;
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
			return -errno;
	}
	return 0;
}

/**
 * tap_open_config() - attach to (or create) tap @name and configure it
 * @name:	interface name, at most IFNAMSIZ-1 bytes ("tap%d" lets the
 *		kernel choose)
 * @mtu:	MTU to set (SIOCSIFMTU), 0 to leave it
 * @mac:	MAC address to set (SIOCSIFHWADDR), NULL to leave it
 * @up:		bring the interface up (SIOCSIFFLAGS), unless it is up
 * @ifname:	the name the kernel gave it
 *
 * TUNSETIFF with IFF_TAP|IFF_NO_PI: one frame per read() or write(), no
 * packet information header.  Persistence is left as it is (see the top
 * of this file).  Setting MTU, MAC or the up flag needs CAP_NET_ADMIN.
 *
 * Return: a non-blocking, close-on-exec descriptor, or negative errno
 * (nothing is left open then).
 */
int tap_open_config(const char *name, uint32_t mtu, const uint8_t *mac,
		    bool up, char ifname[IFNAMSIZ])
{
	struct ifreq ifr;
	int fd, s = -1, r;

	if (!*name || strlen(name) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	tap_ifr(&ifr, name);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		r = -errno;
		goto out;
	}
	memcpy(ifname, ifr.ifr_name, IFNAMSIZ);
	ifname[IFNAMSIZ - 1] = '\0';
	r = 0;
	if (!mtu && !mac && !up)
		goto out;
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		r = -errno;
		goto out;
	}
	r = tap_config(s, ifname, mtu, mac, up);
out:
	if (s >= 0)
		close(s);
	if (r) {
		close(fd);
		return r;
	}
	return fd;
}

/**
 * tap_open() - attach to (or create) tap @name, configuration untouched
 * @name:	interface name, at most IFNAMSIZ-1 bytes
 * @ifname:	the name the kernel gave it
 *
 * Return: non-blocking descriptor, or negative errno.
 */
int tap_open(const char *name, char ifname[IFNAMSIZ])
{
	return tap_open_config(name, 0, NULL, false, ifname);
}

/**
 * tap_set_up() - bring the interface up (needs CAP_NET_ADMIN unless it
 * is up already)
 * @ifname:	interface
 *
 * Return: 0 or negative errno.
 */
int tap_set_up(const char *ifname)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r;

	if (s < 0)
		return -errno;
	r = tap_config(s, ifname, 0, NULL, true);
	close(s);
	return r;
}
