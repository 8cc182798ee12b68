#!/usr/bin/env python3
"""The guide's Méthode B ("Je n'ai pas de compte") in the NATIVE debug client.

Starts Xvfb on a free display, a fresh demo database and the server on
127.0.0.1:0, then sesame-client with --bridge-file. It reads the widgets from
that file and drives the window with real X11 input (xdotool): the Dupont
family's journey with its mistakes (wrong code, wrong birth date, passwords
missing one rule each), the identifier, "Mon compte", sign out, sign in again.
One screenshot per screen goes to build/native-journey/*.png.

Needs Xvfb, xdotool and xwd (x11-apps); the PNGs are written with the stdlib. Stops by itself
within --timeout seconds and always ends Xvfb, the server and the client.

  python3 tools/native_journey.py [--client build/bin/sesame-client]
"""

import argparse
import ctypes
import ctypes.util
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PHONE = '+33612345678'
PASSWORD = 'Ecole2026μ!'  # μ is one of the guide's special characters
# One password per rule of the guide, each failing that rule only (as in tests/e2e/journeys.mjs).
FAILING_PASSWORDS = [
    ('uppercase', 'ecole2026μ!'),
    ('lowercase', 'ECOLE2026!'),
    ('digit', 'Ecoleμ!abc'),
    ('special', 'Ecole2026abc'),
    ('min_length', 'Ec2μ!'),
]
STEP_TIMEOUT = 15.0  # seconds to wait for any one screen or widget


class JourneyError(Exception):
    pass


class Timeout(JourneyError):
    pass


def xwd_to_png(xwd):
    """An X window dump (24 or 32 bits per pixel, TrueColor) as PNG bytes.

    /usr/local/bin/convert here is a stand-in, not ImageMagick: Python writes the PNG."""
    fields = struct.unpack('>25I', xwd[:100])
    header_size, width, height = fields[0], fields[4], fields[5]
    byte_order, bits_per_pixel, bytes_per_line = fields[7], fields[11], fields[12]
    masks, ncolors = fields[14:17], fields[19]
    if bits_per_pixel not in (24, 32):
        raise JourneyError(f'xwd: {bits_per_pixel} bits per pixel, expected 24 or 32')
    data = xwd[header_size + 12 * ncolors:]
    step_bytes = bits_per_pixel // 8
    order = 'little' if byte_order == 0 else 'big'
    shifts = [(mask & -mask).bit_length() - 1 for mask in masks]
    rows = bytearray()
    for y in range(height):
        line = data[y * bytes_per_line:y * bytes_per_line + width * step_bytes]
        rows.append(0)  # PNG filter: none
        if step_bytes == 4 and order == 'little' and masks == (0xff0000, 0xff00, 0xff):
            # The usual case: B, G, R, X in memory; reorder with slices, not per pixel.
            rgb = bytearray(width * 3)
            rgb[0::3], rgb[1::3], rgb[2::3] = line[2::4], line[1::4], line[0::4]
            rows += rgb
            continue
        for x in range(0, len(line), step_bytes):
            pixel = int.from_bytes(line[x:x + step_bytes], order)
            rows += bytes((pixel & m) >> s for m, s in zip(masks, shifts))

    def chunk(kind, body):
        return struct.pack('>I', len(body)) + kind + body + struct.pack('>I', zlib.crc32(kind + body))

    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)) +
            chunk(b'IDAT', zlib.compress(bytes(rows), 6)) + chunk(b'IEND', b''))


def map_keys(display, characters):
    """Gives each non-ASCII character its own spare key in the X keyboard map, the
    same character on both levels, so that xdotool needs no Shift for it.

    Otherwise xdotool types a character missing from the map by remapping a spare
    key for that one keystroke, and GLFW reads that lone "Eacute" as "é" (Xlib
    makes a lone letter keysym lowercase)."""
    x11 = ctypes.CDLL(ctypes.util.find_library('X11') or 'libX11.so.6')
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XGetKeyboardMapping.restype = ctypes.POINTER(ctypes.c_ulong)
    x11.XGetKeyboardMapping.argtypes = [ctypes.c_void_p, ctypes.c_ubyte, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
    x11.XChangeKeyboardMapping.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                                           ctypes.POINTER(ctypes.c_ulong), ctypes.c_int]
    x11.XFree.argtypes = [ctypes.c_void_p]
    for name in ('XSync', 'XCloseDisplay', 'XDisplayKeycodes'):
        getattr(x11, name).argtypes = [ctypes.c_void_p] + ([ctypes.c_int] if name == 'XSync' else []) + (
            [ctypes.POINTER(ctypes.c_int)] * 2 if name == 'XDisplayKeycodes' else [])
    display_handle = x11.XOpenDisplay(display.encode())
    if not display_handle:
        raise JourneyError(f'cannot open display {display} to map the accented keys')
    try:
        low, high, per = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        x11.XDisplayKeycodes(display_handle, ctypes.byref(low), ctypes.byref(high))
        count = high.value - low.value + 1
        table = x11.XGetKeyboardMapping(display_handle, low.value, count, ctypes.byref(per))
        free = [low.value + i for i in range(count - 1, -1, -1)
                if not any(table[i * per.value + j] for j in range(per.value))]
        x11.XFree(table)

        def keysym(c):  # Latin-1 keysyms are the code points; others have Unicode keysyms
            return ord(c) if ord(c) < 0x100 else 0x01000000 | ord(c)

        letters = sorted({c for c in characters if ord(c) > 0x7f})
        if len(letters) > len(free):
            raise JourneyError('not enough spare keys for ' + ''.join(letters))
        for code, letter in zip(free, letters):
            pair = (ctypes.c_ulong * 2)(keysym(letter), keysym(letter))
            x11.XChangeKeyboardMapping(display_handle, code, 2, pair, 1)
        x11.XSync(display_handle, 0)
    finally:
        x11.XCloseDisplay(display_handle)
    return letters


def step(text):
    print(f'native journey: {text}', flush=True)


class Journey:
    def __init__(self, args):
        self.args = args
        self.temp = tempfile.mkdtemp(prefix='sesame-native-journey-')
        self.bridge_path = os.path.join(self.temp, 'bridge.json')
        self.out = os.path.abspath(args.out)
        self.processes = []  # (name, Popen), ended in reverse order
        self.display = None
        self.base = None
        self.window = (0, 0)  # the client window's origin on the screen
        self.typed = {}  # field id -> the text typed there last
        self.env = dict(os.environ)

    # --- processes -------------------------------------------------------

    def spawn(self, name, argv, **kwargs):
        log = open(os.path.join(self.temp, name + '.log'), 'wb')
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, **kwargs)
        log.close()
        self.processes.append((name, process))
        return process

    def log_of(self, name):
        try:
            with open(os.path.join(self.temp, name + '.log'), encoding='utf-8', errors='replace') as f:
                return f.read()
        except OSError:
            return ''

    def stop_all(self):
        for name, process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=3)
        self.processes.clear()

    def start_xvfb(self):
        # The first display from :99 without a lock file; -displayfd: Xvfb writes its
        # number to the pipe once it accepts clients. -noreset: the keys map_keys adds
        # must outlive its connection, the only one then.
        number = next(n for n in range(99, 200) if not os.path.exists(f'/tmp/.X{n}-lock')
                      and not os.path.exists(f'/tmp/.X11-unix/X{n}'))
        read_end, write_end = os.pipe()
        self.spawn('xvfb', ['Xvfb', f':{number}', '-displayfd', str(write_end), '-screen', '0', '1280x900x24',
                            '-nolisten', 'tcp', '-noreset'],
                   pass_fds=(write_end,))
        os.close(write_end)
        deadline = time.monotonic() + STEP_TIMEOUT
        number = b''
        os.set_blocking(read_end, False)
        while time.monotonic() < deadline and not number.endswith(b'\n'):
            try:
                chunk = os.read(read_end, 16)
                if not chunk:
                    break
                number += chunk
            except BlockingIOError:
                time.sleep(0.05)
        os.close(read_end)
        if not number.strip():
            raise JourneyError('Xvfb gave no display: ' + self.log_of('xvfb'))
        self.display = ':' + number.decode().strip()
        self.env['DISPLAY'] = self.display
        step(f'Xvfb on display {self.display}')
        mapped = map_keys(self.display, 'Émilie' + PASSWORD)
        step('keys added to the keyboard map for ' + ' '.join(mapped))

    def start_server(self):
        db = os.path.join(self.temp, 'sesame.db')
        subprocess.run([self.args.admin, 'demo', '--db', db], check=True, stdout=subprocess.DEVNULL, timeout=30)
        self.spawn('server', [self.args.server, '--listen', '127.0.0.1:0', '--db', db, '--web',
                              os.path.join(ROOT, 'build', 'web'), '--dev', '--services',
                              os.path.join(ROOT, 'server', 'ent_services', 'demo-services.json')])
        self.base = self.wait_for('the server\'s address', lambda: self.server_url())
        step(f'server at {self.base} with a fresh demo database')

    def server_url(self):
        if self.processes[-1][1].poll() is not None:
            raise JourneyError('the server stopped: ' + self.log_of('server'))
        found = re.search(r'listening on (http://127\.0\.0\.1:\d+)', self.log_of('server'))
        return found and found.group(1)

    def start_client(self):
        self.spawn('client', [self.args.client, '--server', self.base, '--storage',
                              os.path.join(self.temp, 'client.json'), '--size', '1280x900',
                              '--bridge-file', self.bridge_path], env=self.env)
        window = self.wait_for('the client window', lambda: self.find_window())
        geometry = self.xdotool('getwindowgeometry', '--shell', window)
        values = dict(line.split('=', 1) for line in geometry.split() if '=' in line)
        self.window = (int(values.get('X', 0)), int(values.get('Y', 0)))
        step(f'client window {window} at {self.window[0]},{self.window[1]} '
             f'size {values.get("WIDTH")}x{values.get("HEIGHT")}')

    def find_window(self):
        if self.processes[-1][1].poll() is not None:
            raise JourneyError('the client stopped: ' + self.log_of('client'))
        result = subprocess.run(['xdotool', 'search', '--name', 'Sésame'], env=self.env, capture_output=True,
                                text=True, timeout=10)
        ids = result.stdout.split()
        return ids[0] if ids else None

    # --- X11 input and screenshots -----------------------------------------

    def xdotool(self, *argv):
        result = subprocess.run(['xdotool', *argv], env=self.env, capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise JourneyError(f'xdotool {" ".join(argv)}: {result.stderr.strip()}')
        return result.stdout

    def shot(self, name):
        self.settled()
        time.sleep(0.3)  # typed text is not in the bridge: let its last frames draw
        path = os.path.join(self.out, name + '.png')
        dump = subprocess.run(['xwd', '-root', '-silent', '-display', self.display], capture_output=True, timeout=30)
        if dump.returncode != 0:
            raise JourneyError(f'screenshot {name}: {dump.stderr.decode(errors="replace").strip()}')
        with open(path, 'wb') as f:
            f.write(xwd_to_png(dump.stdout))
        step(f'screenshot {os.path.relpath(path, ROOT)}')

    # --- the bridge ---------------------------------------------------------

    def state(self):
        try:
            with open(self.bridge_path, encoding='utf-8') as f:
                return json.load(f)
        except (OSError, ValueError):
            return None  # not written yet

    @staticmethod
    def widget(state, test_id):
        if not state:
            return None
        return next((w for w in state['widgets'] if w['id'] == test_id), None)

    def wait_for(self, what, probe, timeout=STEP_TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            value = probe()
            if value:
                return value
            if time.monotonic() > deadline:
                raise Timeout(f'timed out after {timeout:.0f} s waiting for {what}')
            time.sleep(0.05)

    def wait_screen(self, what, route, test_id, check=lambda w: True):
        def probe():
            s = self.state()
            w = self.widget(s, test_id)
            return s and s['route'] == route and w and check(w) and s
        state = self.wait_for(what, probe)
        step(f'{what} ({route})')
        return state

    def wait_widget(self, test_id, check=lambda w: True, what=None):
        return self.wait_for(what or f'"{test_id}"', lambda: (lambda w: w and check(w) and w)(
            self.widget(self.state(), test_id)))

    def visible(self, test_id):
        """Scrolls with the mouse wheel until the widget's centre is in the window."""
        for _ in range(40):
            s = self.state()
            w = self.widget(s, test_id)
            if not w:
                w = self.wait_widget(test_id)
                s = self.state()
            centre = w['y'] + w['height'] / 2
            height = s['viewport']['height']
            if 8 <= centre <= height - 8:
                return s, w
            frame = s['frame']
            self.xdotool('mousemove', str(self.window[0] + 640), str(self.window[1] + 450),
                         'click', '5' if centre > height else '4')
            try:
                self.wait_for('the page to scroll', lambda: (self.state() or {}).get('frame', frame) != frame, 2)
            except Timeout:
                pass
        raise JourneyError(f'"{test_id}" stays out of the window')

    def settled(self, quiet=0.25):
        """Waits until the bridge stays the same for `quiet` seconds: a new page can
        first show with the last one's scroll offset, then jump."""
        last, since = None, time.monotonic()
        deadline = since + STEP_TIMEOUT
        while time.monotonic() < deadline:
            try:
                with open(self.bridge_path, 'rb') as f:
                    now = f.read()
            except OSError:
                now = None
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
            time.sleep(0.03)

    def press(self, test_id):
        self.wait_widget(test_id, lambda w: w['enabled'] and not w.get('busy'), f'"{test_id}" enabled')
        self.settled()
        s, w = self.visible(test_id)
        dpr = s['dpr']
        x = round(self.window[0] + (w['x'] + w['width'] / 2) * dpr)
        y = round(self.window[1] + (w['y'] + w['height'] / 2) * dpr)
        # Move, press, release as a hand would: ImGui sees each in its own frames.
        self.xdotool('mousemove', str(x), str(y))
        time.sleep(0.08)
        self.xdotool('mousedown', '1')
        time.sleep(0.08)
        self.xdotool('mouseup', '1')
        time.sleep(0.15)

    def type_into(self, test_id, text):
        # The bridge's "focused" follows keyboard navigation only, not a click: the
        # keys' effect is checked afterwards (rules, SMS, screens).
        self.press(test_id)
        # Empty what this script typed there before: End, then one BackSpace per
        # character (Ctrl+A right after the click did not always select the text).
        before = len(self.typed.get(test_id, ''))
        if before:
            self.xdotool('key', '--delay', '40', 'End', *['BackSpace'] * before)
            # Let the last BackSpace have its frame: in one frame ImGui inserts the
            # typed text first, then applies BackSpace, which would eat a character.
            time.sleep(0.3)
        # ImGui takes one key press per frame and a software-rendered frame here
        # takes about 50 ms: faster keys would still be arriving after "type" returns.
        self.xdotool('type', '--delay', '100', text)
        self.typed[test_id] = text
        time.sleep(0.3)

    # --- the server's development outbox ----------------------------------------

    def outbox(self):
        url = f'{self.base}/api/v1/dev/outbox?to={urllib.parse.quote(PHONE)}'
        with urllib.request.urlopen(url, timeout=5) as answer:
            return json.load(answer)

    def new_code(self, before):
        def probe():
            messages = self.outbox()
            found = len(messages) > before and re.search(r'\b(\d{6})\b', messages[0]['body'])
            return found and found.group(1)
        return self.wait_for('the SMS code', probe)

    def rules(self):
        shown = [w for w in self.state()['widgets'] if w['id'].startswith('regle.')]
        if len(shown) != 5:
            raise JourneyError(f'{len(shown)} password rules shown, not 5')
        return {w['id'][len('regle.'):]: w['label'].startswith('✓') for w in shown}

    def wait_rules(self, password, check):
        try:
            self.wait_for('the rules', lambda: check(self.rules()), 3)
        except Timeout:
            raise JourneyError(f'"{password}": the rules shown are {self.rules()}') from None

    def expect(self, condition, message):
        if not condition:
            raise JourneyError(message)

    # --- the journey ----------------------------------------------------------

    def run(self):
        os.makedirs(self.out, exist_ok=True)
        for old in os.listdir(self.out):
            if old.endswith('.png'):
                os.remove(os.path.join(self.out, old))
        self.start_xvfb()
        self.start_server()
        self.start_client()

        # The first screens: profile and level, "Se connecter", "Responsable d'élève".
        self.wait_screen('the first screen', '#/profil', 'profil.parent')
        self.press('profil.parent')
        self.wait_widget('profil.parent', lambda w: w['checked'], 'the parents\' profile picked')
        self.press('niveau.college_lycee')
        self.wait_widget('niveau.college_lycee', lambda w: w['checked'], '"Collège / Lycée" picked')
        self.shot('01-profil')
        self.press('se-connecter')
        self.wait_screen('"Je sélectionne mon profil"', '#/educonnect', 'educonnect.responsable')
        self.shot('02-educonnect')
        self.press('educonnect.responsable')
        self.wait_screen('the sign-in screen', '#/connexion', 'sans-compte')
        self.shot('03-connexion')
        self.press('sans-compte')

        # "Je confirme mon identité": the names typed with their accent.
        self.wait_screen('the identity screen', '#/activation/identite', 'nom')
        self.type_into('nom', 'Dupont')
        self.type_into('prenom', 'Émilie')
        self.type_into('telephone', '06 12 34 56 78')
        self.shot('04-identite')
        self.press('suivant')

        # The code: a wrong one first, then the SMS's.
        state = self.wait_screen('the code screen', '#/activation/code', 'code')
        sent = self.widget(state, 'alerte.code-envoye')
        self.expect(sent and '+33 6 ** ** ** 78' in sent['label'], f'code screen says: {sent}')
        # Only a matching name ("Émilie" as the school knows "Emilie") gets an SMS.
        code = self.new_code(0)
        step('one SMS in the outbox: "Émilie DUPONT" was recognised')
        self.type_into('code', '000000')
        self.press('valider')
        refused = self.wait_widget('code.erreur', what='the wrong code refused')
        self.expect('Il vous reste 4 essais.' in refused['label'], refused['label'])
        step('wrong code refused: ' + refused['label'])
        self.shot('05-code-faux')
        self.type_into('code', code)
        self.press('valider')

        # The children: Albert's date mistyped first, then both confirmed.
        state = self.wait_screen('the children screen', '#/activation/enfants', 'enfant.1.oui')
        names = (self.widget(state, 'enfant.0.nom')['label'], self.widget(state, 'enfant.1.nom')['label'])
        self.expect(names == ('Albert DUPONT', 'Jeanne DUPONT'), f'children shown: {names}')
        self.press('enfant.0.oui')
        self.wait_widget('enfant.0.naissance', what='Albert\'s birth date field')
        self.type_into('enfant.0.naissance', '15 03 2012')
        self.press('enfant.1.oui')
        self.wait_widget('enfant.1.naissance', what='Jeanne\'s birth date field')
        self.type_into('enfant.1.naissance', '02 09 2017')
        self.shot('06-enfants')
        self.press('confirmer')
        mismatch = self.wait_widget('enfant.0.naissance.erreur', what='Albert\'s date refused')
        self.expect('Il vous reste 2 essais.' in mismatch['label'], mismatch['label'])
        self.wait_widget('enfant.1.confirme', what='Jeanne confirmed meanwhile')
        step('wrong birth date refused: ' + mismatch['label'])
        self.shot('07-enfants-date-fausse')
        self.type_into('enfant.0.naissance', '14 03 2012')
        self.press('confirmer')

        # The password: each rule's line fails on its own, then all tick.
        self.wait_screen('the password screen', '#/activation/mot-de-passe', 'nouveau-mot-de-passe')
        for rule, password in FAILING_PASSWORDS:
            self.type_into('nouveau-mot-de-passe', password)
            self.wait_rules(password, lambda shown: all(met == (code != rule) for code, met in shown.items()))
        # μ alone makes the special rule: proof that xdotool delivered it.
        self.type_into('nouveau-mot-de-passe', 'Ecole2026μ')
        self.wait_rules('Ecole2026μ', lambda shown: all(shown.values()))
        step('each password rule fails on its own; "μ" typed counts as a special character')
        self.type_into('nouveau-mot-de-passe', 'Ec2μ!')
        self.type_into('confirmation', 'Ec2μ!')
        self.press('suivant')
        policy = self.wait_widget('nouveau-mot-de-passe.erreur', what='the short password refused')
        self.expect('8 caractères' in policy['label'], policy['label'])
        self.shot('08-mot-de-passe-refuse')
        self.type_into('nouveau-mot-de-passe', PASSWORD)
        self.type_into('confirmation', PASSWORD)
        self.wait_rules(PASSWORD, lambda shown: all(shown.values()))
        force = self.widget(self.state(), 'force')
        self.expect(force and force['label'] == 'Force du mot de passe : Fort', f'strength: {force}')
        self.shot('09-mot-de-passe')
        self.press('suivant')

        # The identifier, then "Mon compte" with both children.
        state = self.wait_screen('the identifier screen', '#/activation/identifiant', 'identifiant')
        identifier = self.widget(state, 'identifiant')['label']
        self.expect(re.fullmatch(r'e\.dupont\d{2}', identifier), f'identifier {identifier!r}')
        step('identifier ' + identifier)
        self.shot('10-identifiant')
        self.press('acceder-compte')
        state = self.wait_screen('"Mon compte"', '#/compte', 'compte.enfant.1.nom')
        self.check_account(state)
        self.shot('11-compte')

        # Sign out, then in again with the identifier just revealed.
        self.press('se-deconnecter')
        self.typed.clear()
        self.wait_screen('the sign-in screen', '#/connexion', 'identifiant')
        self.type_into('identifiant', identifier)
        self.type_into('mot-de-passe', PASSWORD)
        self.shot('12-connexion')
        self.press('se-connecter')
        state = self.wait_screen('"Mon compte" again', '#/compte', 'compte.enfant.1.nom')
        self.check_account(state)
        self.shot('13-compte-reconnecte')

    def check_account(self, state):
        labels = tuple((self.widget(state, i) or {}).get('label')
                       for i in ('compte.nom', 'compte.enfant.0.nom', 'compte.enfant.1.nom'))
        self.expect(labels == ('Emilie DUPONT', 'Albert DUPONT', 'Jeanne DUPONT'), f'"Mon compte" shows {labels}')
        step('"Mon compte" shows ' + ', '.join(labels))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--client', default=os.path.join(ROOT, 'build/bin/sesame-client'))
    parser.add_argument('--server', default=os.path.join(ROOT, 'build/bin/sesame-server'))
    parser.add_argument('--admin', default=os.path.join(ROOT, 'build/bin/sesame-admin'))
    parser.add_argument('--out', default=os.path.join(ROOT, 'build/native-journey'))
    parser.add_argument('--timeout', type=int, default=180, help='seconds for the whole journey')
    parser.add_argument('--keep', action='store_true', help='keep the temporary folder (logs, bridge.json)')
    args = parser.parse_args()
    for tool in ('Xvfb', 'xdotool', 'xwd'):
        if not shutil.which(tool):
            sys.exit(f'native journey: {tool} is missing (scripts/deps.sh installs it)')

    def out_of_time(signum, frame):
        raise Timeout(f'the whole journey took more than {args.timeout} s')

    signal.signal(signal.SIGALRM, out_of_time)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit('native journey: terminated'))
    signal.alarm(args.timeout)
    journey = Journey(args)
    started = time.monotonic()
    failed = None
    try:
        journey.run()
    except (JourneyError, subprocess.SubprocessError, OSError) as error:
        failed = error
    except KeyboardInterrupt:
        failed = 'interrupted'
    finally:
        signal.alarm(0)
        journey.stop_all()
        if failed:
            for name in ('server', 'client'):
                tail = journey.log_of(name).strip().splitlines()[-10:]
                if tail:
                    print(f'--- {name} log (last lines)\n' + '\n'.join(tail), file=sys.stderr)
        if args.keep or failed:
            print(f'native journey: logs and bridge.json kept in {journey.temp}', file=sys.stderr, flush=True)
        else:
            shutil.rmtree(journey.temp, ignore_errors=True)
    if failed:
        print(f'native journey: FAILED: {failed}', file=sys.stderr)
        return 1
    print(f'native journey: {len(os.listdir(journey.out))} screenshots in {os.path.relpath(journey.out)}, '
          f'{time.monotonic() - started:.1f} s')
    print('native journey: ok', flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
