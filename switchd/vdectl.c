// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * vdectl.c - vde-ctl, the management client.
 *
 * One-shot: `vde-ctl -s MGMT port/print 5` sends one command, prints the
 * data block, and exits 0 on "1000 Success", 1 otherwise (the result line
 * goes to standard error).  With -j the answer is printed as JSON for the
 * commands scripts care about.  Without a command it is an interactive
 * prompt with line editing and history (libedit); asynchronous "3xxx" lines
 * are printed above the line being edited.  It speaks vde_switch's console
 * grammar, so it works against Debian's vde_switch too.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <editline/readline.h>

#define EXIT_USAGE	2
#define PROMPT		"\nvde$ "

static int sock = -1;
static char *rbuf;
static size_t rlen, rcap;
static bool eof;

static int ctl_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "vde-ctl: %s: path too long\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "vde-ctl: cannot connect to %s: %s\n", path,
			strerror(errno));
		if (s >= 0)
			close(s);
		return -1;
	}
	return s;
}

/* Read more from the switch; false on EOF or error */
static bool fill(int timeout_ms)
{
	struct pollfd p = { .fd = sock, .events = POLLIN };
	ssize_t n;

	if (eof || poll(&p, 1, timeout_ms) <= 0)
		return false;
	if (rlen + 4096 + 1 > rcap) {
		char *nb;

		if (rcap >= (64u << 20)) {
			fprintf(stderr, "vde-ctl: answer larger than 64 MiB\n");
			exit(1);
		}
		rcap = rcap ? rcap * 2 : 65536;
		nb = realloc(rbuf, rcap);
		if (!nb) {
			fprintf(stderr, "vde-ctl: out of memory\n");
			exit(1);
		}
		rbuf = nb;
	}
	n = read(sock, rbuf + rlen, 4096);
	if (n <= 0) {
		eof = true;
		return false;
	}
	rlen += n;
	/* rcap > rlen + 4096 here, so rbuf was allocated */
	rbuf[rlen] = '\0'; /* NOLINT(clang-analyzer-core.NullDereference) */
	return true;
}

static void consume(size_t n)
{
	if (!rbuf)	/* nothing read yet: memmove(NULL, ...) is undefined */
		return;
	memmove(rbuf, rbuf + n, rlen - n);
	rlen -= n;
	rbuf[rlen] = '\0';
}

/* "9999 END OF SESSION" closes the buffer, at the start of a line (a port
 * description may contain the same text elsewhere) */
static bool session_ended(void)
{
	static const char end[] = "9999 END OF SESSION";
	size_t n = sizeof(end) - 1;

	if (rlen < n || memcmp(rbuf + rlen - n, end, n))
		return false;
	return rlen == n || rbuf[rlen - n - 1] == '\n';
}

/* Wait for the prompt (or end of session); returns the text before it */
static char *read_answer(int timeout_ms)
{
	char *p, *out;
	size_t n;

	for (;;) {
		if (rbuf && (p = strstr(rbuf, PROMPT))) {
			n = p - rbuf;
			out = strndup(rbuf, n);
			consume(n + strlen(PROMPT));
			return out;
		}
		if (rbuf && session_ended()) {
			out = strndup(rbuf, rlen);
			consume(rlen);
			return out;
		}
		if (!fill(timeout_ms)) {
			if (!rbuf)
				return NULL;
			out = strndup(rbuf, rlen);
			consume(rlen);
			return eof && *out ? out : (free(out), NULL);
		}
	}
}

struct answer {
	char **data;		/* data block lines */
	size_t ndata;
	int code;		/* 1000, 1022 ..., or 0 if none */
	char *result;		/* result line */
};

static void answer_parse(char *text, struct answer *a, bool interactive)
{
	bool in_data = false;
	char *line, *rest = text;

	memset(a, 0, sizeof(*a));
	while ((line = strsep(&rest, "\n"))) {
		if (!rest && !*line)
			break;		/* after the last newline */
		if (in_data) {
			if (!strcmp(line, ".")) {
				in_data = false;
				continue;
			}
			a->data = realloc(a->data, (a->ndata + 1) *
						   sizeof(*a->data));
			a->data[a->ndata++] = line;
		} else if (!strncmp(line, "0000 DATA", 9)) {
			in_data = true;
		} else if (line[0] == '3' && strlen(line) > 4) {
			fprintf(interactive ? stdout : stderr, "%s\n", line);
		} else if ((line[0] == '1' || line[0] == '9') &&
			   strlen(line) >= 4) {
			/* NOLINTNEXTLINE(cert-err34-c): "1000 Success" */
			a->code = atoi(line);
			a->result = line;
		}
	}
}

/* Print switch output without its control characters (a description on
 * Debian's vde_switch may carry terminal escapes) */
static void print_clean(const char *s, bool nl)
{
	for (; *s; s++)
		putchar((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t' ?
			'?' : *s == 0x7f ? '?' : *s);
	if (nl)
		putchar('\n');
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

/* A number as a number, anything else (hostile switch output) as a string */
static void json_value(const char *v)
{
	if (*v && strspn(v, "0123456789") == strlen(v) && strlen(v) < 20)
		printf("%s", v);
	else
		json_str(v);
}

/* One "key=value key=value" line as a JSON object */
static void json_kv_object(const char *line)
{
	char *dup = strdup(line), *tok, *save = NULL;
	bool first = true;

	printf("{");
	for (tok = strtok_r(dup, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq)
			continue;
		*eq = '\0';
		printf("%s", first ? "" : ",");
		json_str(tok);
		printf(":");
		json_value(eq + 1);
		first = false;
	}
	printf("}");
	free(dup);
}

/* key=value lines: a list (port/counters), or one object (counters) */
static void json_kv_lines(const struct answer *a, bool single)
{
	size_t i;

	if (single && a->ndata == 1) {
		json_kv_object(a->data[0]);
		return;
	}
	printf("[");
	for (i = 0; i < a->ndata; i++) {
		printf("%s", i ? "," : "");
		json_kv_object(a->data[i]);
	}
	printf("]");
}

/* The JSON views re-read what the switch printed (ours or Debian's):
 * sscanf() is enough, as a value out of range can only make a wrong
 * number in the output, never touch memory.
 * NOLINTBEGIN(cert-err34-c) */
static void json_ports(const struct answer *a)
{
	bool open = false, eps = false;
	size_t i;

	printf("[");
	for (i = 0; i < a->ndata; i++) {
		const char *l = a->data[i];
		unsigned int port, vlan, id;
		unsigned long long pk, by;
		char st[16], user[64], au[64], ag[64], d[256];

		if (sscanf(l, "Port %u untagged_vlan=%u %15s", &port, &vlan,
			   st) == 3) {
			if (open)
				printf("%s}", eps ? "]" : "");
			printf("%s{\"port\":%u,\"untagged_vlan\":%u,\"active\":%s,\"allocatable\":%s",
			       open ? "," : "", port, vlan,
			       strcmp(st, "ACTIVE") ? "false" : "true",
			       strstr(l, "NOT Unnamed") ? "false" : "true");
			open = true;
			eps = false;
		} else if (sscanf(l, " Current User: %63s Access Control: (User: %63s - Group: %63[^)])",
				  user, au, ag) == 3) {
			printf(",\"user\":");
			json_str(user);
			printf(",\"acl_user\":");
			json_str(au);
			printf(",\"acl_group\":");
			json_str(ag);
		} else if (sscanf(l, " IN: pkts %llu bytes %llu", &pk, &by) == 2) {
			printf(",\"in\":{\"pkts\":%llu,\"bytes\":%llu}", pk, by);
		} else if (sscanf(l, " OUT: pkts %llu bytes %llu", &pk, &by) == 2) {
			printf(",\"out\":{\"pkts\":%llu,\"bytes\":%llu}", pk, by);
		} else if (sscanf(l, " Mirror: to port %u", &id) == 1) {
			printf(",\"mirror_to\":%u", id);
		} else if (sscanf(l, "  -- endpoint ID %u module %*s prog : %255[^\n]",
				  &id, d) >= 1) {
			printf("%s{\"id\":%u,\"descr\":", eps ? "," :
			       ",\"endpoints\":[", id);
			json_str(strstr(l, ": ") ? strstr(l, ": ") + 2 : "");
			printf("}");
			eps = true;
		}
	}
	if (open)
		printf("%s}", eps ? "]" : "");
	printf("]");
}

static void json_hash(const struct answer *a)
{
	size_t i, shown = 0;

	printf("[");
	for (i = 0; i < a->ndata; i++) {
		unsigned int h, vlan, port, age;
		char mac[32];

		if (sscanf(a->data[i], "Hash: %u Addr: %31s VLAN %u to port: %u age %u",
			   &h, mac, &vlan, &port, &age) != 5)
			continue;
		printf("%s{\"mac\":", shown++ ? "," : "");
		json_str(mac);
		printf(",\"vlan\":%u,\"port\":%u,\"age\":%u}", vlan, port,
		       age);
	}
	printf("]");
}

static void json_showinfo(const struct answer *a)
{
	char mac[32], path[256];
	unsigned int perm;
	long pid, up;
	size_t i;

	printf("{");
	for (i = 0; i < a->ndata; i++) {
		const char *l = a->data[i];

		if (!strncmp(l, "VDE switch V.", 13)) {
			printf("\"version\":");
			json_str(l + 13);
		} else if (sscanf(l, "pid %ld MAC %31s uptime %ld", &pid, mac,
				  &up) == 3) {
			printf(",\"pid\":%ld,\"mac\":", pid);
			json_str(mac);
			printf(",\"uptime\":%ld", up);
		} else if (!strncmp(l, "mgmt ", 5) && strstr(l, " perm ") &&
			   sscanf(strrchr(l, ' ') + 1, "%o", &perm) == 1) {
			size_t pl = strstr(l, " perm ") - (l + 5);

			snprintf(path, sizeof(path), "%.*s", (int)pl, l + 5);
			printf(",\"mgmt\":");
			json_str(path);
			printf(",\"mgmt_perm\":\"%04o\"", perm);
		}
	}
	printf("}");
}
/* NOLINTEND(cert-err34-c) */

static void json_answer(const char *cmd, const struct answer *a)
{
	size_t i;

	printf("{\"command\":");
	json_str(cmd);
	printf(",\"code\":%d,\"result\":", a->code);
	json_str(a->result ? a->result + (strlen(a->result) > 5 ? 5 : 0) : "");
	printf(",\"data\":");
	if (!strncmp(cmd, "port/print", 10) || !strncmp(cmd, "port/allprint", 13))
		json_ports(a);
	else if (!strncmp(cmd, "hash/print", 10) || !strncmp(cmd, "hash/find", 9))
		json_hash(a);
	else if (!strncmp(cmd, "port/counters", 13))
		json_kv_lines(a, false);
	else if (!strncmp(cmd, "hash/counters", 13) ||
		 !strncmp(cmd, "counters", 8))
		json_kv_lines(a, true);
	else if (!strncmp(cmd, "showinfo", 8))
		json_showinfo(a);
	else {
		printf("[");
		for (i = 0; i < a->ndata; i++) {
			printf("%s", i ? "," : "");
			json_str(a->data[i]);
		}
		printf("]");
	}
	printf("}\n");
}

static int one_shot(const char *cmd, bool json)
{
	struct answer a;
	char *text, *line;
	size_t i;
	int rc;

	if (asprintf(&line, "%s\n", cmd) < 0)
		return 1;
	if (write(sock, line, strlen(line)) != (ssize_t)strlen(line)) {
		fprintf(stderr, "vde-ctl: write: %s\n", strerror(errno));
		return 1;
	}
	free(line);
	text = read_answer(10000);
	if (!text) {
		fprintf(stderr, "vde-ctl: no answer from the switch\n");
		return 1;
	}
	answer_parse(text, &a, false);
	rc = a.code == 1000 || (a.code == 9999 && !strncmp(cmd, "logout", 6)) ||
	     (a.code == 9999 && !strncmp(cmd, "shutdown", 8)) ? 0 : 1;
	if (json) {
		json_answer(cmd, &a);
	} else {
		for (i = 0; i < a.ndata; i++)
			print_clean(a.data[i], true);
		if (rc)
			fprintf(stderr, "%s\n", a.result ? a.result :
				"vde-ctl: no result line");
	}
	free(a.data);
	free(text);
	return rc;
}

static bool running = true;

static void on_line(char *line)
{
	char *text, *cmd;

	if (!line) {
		running = false;
		return;
	}
	if (*line)
		add_history(line);
	if (asprintf(&cmd, "%s\n", line) >= 0) {
		if (write(sock, cmd, strlen(cmd)) < 0)
			running = false;
		free(cmd);
	}
	text = read_answer(10000);
	if (text) {
		print_clean(text, false);
		if (*text && text[strlen(text) - 1] != '\n')
			putchar('\n');
		if (strstr(text, "9999 END OF SESSION"))
			running = false;
		free(text);
	} else {
		running = false;
	}
	free(line);
	/* start a fresh edit line: libedit keeps the old one otherwise */
	rl_callback_handler_remove();
	if (running)
		rl_callback_handler_install("vde$ ", on_line);
}

/* Commands piped in: one per line, answers on stdout, no line editing */
static int batch_lines(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	while ((n = getline(&line, &cap, stdin)) >= 0) {
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (!*line)
			continue;
		rc |= one_shot(line, false);
		if (eof)
			break;
	}
	free(line);
	return rc;
}

/* Async lines while the user edits: print them above the edit line */
static void async_lines(void)
{
	char *nl;

	while (rbuf && (nl = strchr(rbuf, '\n'))) {
		size_t n = nl - rbuf + 1;

		printf("\r\033[K%.*s", (int)n, rbuf);
		consume(n);
	}
	rl_forced_update_display();
}

static int interactive(void)
{
	struct pollfd p[2] = { { .fd = 0, .events = POLLIN },
			       { .fd = sock, .events = POLLIN } };
	char *banner = read_answer(5000);

	if (banner) {
		printf("%s\n", banner);
		free(banner);
	}
	rl_callback_handler_install("vde$ ", on_line);
	while (running) {
		if (poll(p, 2, -1) < 0)
			break;
		if (p[1].revents) {
			if (!fill(0) && eof)
				break;
			async_lines();
		}
		if (p[0].revents & POLLIN)
			rl_callback_read_char();
		else if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break;	/* terminal gone */
	}
	rl_callback_handler_remove();
	putchar('\n');
	return 0;
}

/* Write all of @buf to standard output */
static bool out_all(const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(STDOUT_FILENO, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/*
 * capture PORT|vlan:VID [-c COUNT]: ask for capture/start, wait for the
 * marker line, then copy the pcap stream to standard output until the
 * switch ends the session.  An answer with a prompt instead of the marker
 * is a refusal: its result line goes to standard error.
 */
static int capture(int argc, char **argv)
{
	static const char marker[] = "capture: pcap follows\n";
	const char *target = NULL, *count = NULL;
	char req[128], buf[65536], *m, *text;
	struct answer a;
	bool bad = false;
	ssize_t n;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-c") && i + 1 < argc)
			count = argv[++i];
		else if (!target && argv[i][0] != '-')
			target = argv[i];
		else
			bad = true;
	}
	if (bad || !target || strlen(target) > 32 || (count && !*count) ||
	    (count && strspn(count, "0123456789") != strlen(count))) {
		fprintf(stderr, "vde-ctl: usage: capture PORT|vlan:VID [-c COUNT]\n");
		return EXIT_USAGE;
	}
	snprintf(req, sizeof(req), "capture/start %s%s%s%s\n",
		 strncmp(target, "vlan:", 5) ? "" : "vlan/",
		 strncmp(target, "vlan:", 5) ? target : target + 5,
		 count ? " " : "", count ? count : "");
	if (write(sock, req, strlen(req)) != (ssize_t)strlen(req)) {
		fprintf(stderr, "vde-ctl: write: %s\n", strerror(errno));
		return 1;
	}
	for (;;) {
		m = rbuf ? memmem(rbuf, rlen, marker, sizeof(marker) - 1) : NULL;
		if (m)
			break;
		if (rbuf && strstr(rbuf, PROMPT)) {
			text = read_answer(0);
			answer_parse(text, &a, false);
			fprintf(stderr, "%s\n", a.result ? a.result :
				"vde-ctl: no result line");
			free(a.data);
			free(text);
			return 1;
		}
		if (!fill(10000)) {
			fprintf(stderr, "vde-ctl: no capture from the switch\n");
			return 1;
		}
	}
	m += sizeof(marker) - 1;
	if (!out_all(m, rlen - (size_t)(m - rbuf)))
		return 1;
	while ((n = read(sock, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "vde-ctl: read: %s\n", strerror(errno));
			return 1;
		}
		if (!out_all(buf, (size_t)n))
			return 1;
	}
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vde-ctl -s MGMT [-j] [COMMAND [ARGS...]]\n"
"       vde-ctl -s MGMT capture PORT|vlan:VID [-c COUNT] > FILE.pcap\n"
"  -s, --sock MGMT   management socket of the switch (vde-switchd -M)\n"
"  -j, --json        print the answer as JSON (port/print, port/allprint,\n"
"                    hash/print, hash/find, showinfo, counters,\n"
"                    port/counters, hash/counters parsed; others as lines)\n"
"  -h, --help        this text\n"
"Without COMMAND: an interactive prompt with history.\n"
"Exit status: 0 if the switch answered 1000 Success, 1 otherwise,\n"
"2 on bad usage.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sock", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = NULL;
	bool json = false;
	char *banner, cmd[4096] = "";
	int o, i;

	while ((o = getopt_long(argc, argv, "+s:jh", opts, NULL)) != -1) {
		switch (o) {
		case 's': path = optarg; break;
		case 'j': json = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (!path) {
		fprintf(stderr, "vde-ctl: -s MGMT is required\n");
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = optind; i < argc; i++) {
		if (strlen(cmd) + strlen(argv[i]) + 2 > sizeof(cmd)) {
			fprintf(stderr, "vde-ctl: command too long\n");
			return EXIT_USAGE;
		}
		if (*cmd)
			strcat(cmd, " ");
		strcat(cmd, argv[i]);
	}
	sock = ctl_connect(path);
	if (sock < 0)
		return 1;
	if (optind < argc && !strcmp(argv[optind], "capture")) {
		banner = read_answer(5000);
		if (!banner) {
			fprintf(stderr, "vde-ctl: %s did not greet us\n", path);
			return 1;
		}
		free(banner);
		return capture(argc - optind, argv + optind);
	}
	banner = *cmd || !isatty(STDIN_FILENO) ? read_answer(5000) : NULL;
	if (!*cmd && isatty(STDIN_FILENO)) {
		free(banner);
		return interactive();
	}
	if (!*cmd) {
		free(banner);
		return batch_lines();
	}
	if (!banner) {
		fprintf(stderr, "vde-ctl: %s did not greet us (is it a switch's -M management socket?)\n",
			path);
		return 1;
	}
	free(banner);
	return one_shot(cmd, json);
}
