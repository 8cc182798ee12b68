#!/usr/bin/env python3
"""Screenshots of the staff console's screens in the NATIVE client, against a fake
staff API (the real server's staff routes may not exist yet).

Starts Xvfb, a small HTTP server in this process that answers /api/v1/staff/… with
fixed data, and sesame-client, then drives the window with xdotool like
tools/native_journey.py (whose helpers it uses). One PNG per screen goes to --out.

  python3 tools/staff_screens.py --client build/bin/sesame-client --out build/staff-screens
"""

import argparse
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import native_journey  # noqa: E402

TOKEN = 'q7Yb2fZkP0x_Lm3N-tRs9A'
SCHOOL = {'name': 'CLG LES COURTILS', 'city': 'MONTMARTIN-SUR-MER', 'uai': '0500048F'}
OTHER = {'name': 'LYCÉE URBAIN LE VERRIER', 'city': 'SAINT-LÔ', 'uai': '0500017X'}
PROFILE = {'name': 'Marie CURIE', 'email': 'marie.curie@ac-normandie.fr', 'schools': [SCHOOL, OTHER],
           'recovery_codes_left': 10}


def qr_rows():
    """The QR code of an otpauth URI through libqrencode (a dependency of the server), as
    the server sends it: rows of '1' (dark) and '0'."""
    import ctypes
    import ctypes.util

    class QRcode(ctypes.Structure):
        _fields_ = [('version', ctypes.c_int), ('width', ctypes.c_int), ('data', ctypes.POINTER(ctypes.c_ubyte))]

    lib = ctypes.CDLL(ctypes.util.find_library('qrencode') or 'libqrencode.so.4')
    lib.QRcode_encodeString.restype = ctypes.POINTER(QRcode)
    lib.QRcode_encodeString.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int]
    uri = (b'otpauth://totp/S%C3%A9same:marie.curie%40ac-normandie.fr?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
           b'&issuer=S%C3%A9same')
    code = lib.QRcode_encodeString(uri, 0, 1, 2, 1).contents  # any version, level M, 8-bit, case-sensitive
    n = code.width
    return [''.join('1' if code.data[y * n + x] & 1 else '0' for x in range(n)) for y in range(n)]


def summary(kind, pid, first, last, state, class_name=None):
    p = {'kind': kind, 'id': pid, 'first_name': first, 'last_name': last, 'account_state': state}
    if class_name is not None:
        p['school'] = SCHOOL
        p['class_name'] = class_name
    return p


PEOPLE = [summary('pupil', '12', 'Albert', 'DUPONT', 'locked', '4e B'),
          summary('pupil', '14', 'Jeanne', 'DUPONT', 'not_activated', '6e A'),
          summary('guardian', '40', 'Emilie', 'DUPONT', 'active'),
          summary('guardian', '41', 'Paul', 'DUPONT', 'none')]
ALBERT = {'kind': 'pupil', 'id': '12', 'first_name': 'Albert', 'last_name': 'DUPONT', 'schools': [SCHOOL],
          'class_name': '4e B',
          'account': {'state': 'locked', 'identifier': 'a.dupont07', 'locked_until': '2026-12-07T13:20:00Z',
                      'franceconnect': False, 'last_sign_in_at': '2026-12-07T13:05:00Z',
                      'temporary_password_expires_on': '2027-03-07', 'open_sessions': 2},
          'related': [PEOPLE[2], PEOPLE[3]],
          'letters': [{'at': '2026-09-01T08:00:00Z', 'by': 'sesame-admin'},
                      {'at': '2026-12-07T13:10:00Z', 'by': 'Marie CURIE'}]}
PAUL = {'kind': 'guardian', 'id': '41', 'first_name': 'Paul', 'last_name': 'DUPONT', 'schools': [SCHOOL],
        'mobile_known': False, 'account': {'state': 'none', 'franceconnect': False, 'open_sessions': 0},
        'related': [PEOPLE[0]], 'letters': []}
PROGRESS = {'school': SCHOOL, 'classes': [
    {'class_name': '6e A', 'pupils': 28, 'pupils_active': 3, 'parents': 50, 'parents_active': 41},
    {'class_name': '5e C', 'pupils': 27, 'pupils_active': 27, 'parents': 49, 'parents_active': 49},
    {'class_name': '4e B', 'pupils': 25, 'pupils_active': 18, 'parents': 47, 'parents_active': 30},
    {'class_name': '', 'pupils': 2, 'pupils_active': 0, 'parents': 3, 'parents_active': 0}]}
AUDIT = {'entries': [
    {'at': '2026-12-07T13:10:00Z', 'staff': 'Marie CURIE', 'action': 'letter_issued',
     'target': 'DUPONT Albert (a.dupont07)'},
    {'at': '2026-12-07T12:40:00Z', 'staff': 'Marie CURIE', 'action': 'unlocked',
     'target': 'DUPONT Emilie (e.dupont07)'},
    {'at': '2026-12-06T09:00:00Z', 'staff': 'Louis PASTEUR', 'action': 'class_letters_issued', 'target': '6e A'}]}


class FakeStaffApi(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body=None, kind='application/json'):
        data = b'' if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        self.send_response(status)
        self.send_header('Content-Type', kind)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split('?')[0]
        if path == '/api/v1/staff/invitations/' + TOKEN:
            return self.answer(200, {'name': 'Marie CURIE', 'email': PROFILE['email'], 'schools': [SCHOOL, OTHER],
                                     'expires_at': '2026-12-10T22:51:00Z'})
        if path == '/api/v1/staff/me':
            return self.answer(200, PROFILE)
        if path == '/api/v1/staff/people':
            return self.answer(200, {'people': PEOPLE, 'truncated': False})
        if path == '/api/v1/staff/people/pupil/12':
            return self.answer(200, ALBERT)
        if path == '/api/v1/staff/people/guardian/41':
            return self.answer(200, PAUL)
        if path.endswith('/progress'):
            return self.answer(200, PROGRESS)
        if path.endswith('/missing'):
            return self.answer(200, {'people': [PEOPLE[1], PEOPLE[3]], 'truncated': False})
        if path.endswith('/audit'):
            return self.answer(200, AUDIT)
        return self.answer(404, {'error': {'code': 'not_found', 'message': 'Introuvable.'}})

    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', 0) or 0))
        path = self.path
        if path.endswith('/password'):
            return self.answer(200, {'secret': 'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP', 'otpauth_uri': 'otpauth://',
                                     'qr_rows': qr_rows()})
        if path.endswith('/totp'):
            return self.answer(201, {'recovery_codes': ['4f7k-9qzm', 'h2pd-x8wa', 'c6tn-r3vb', 'm9ej-q4ks',
                                                        'w5fy-a7gc', 'b3ux-n6hd', 'k8zr-t2pm', 'p4wc-j9xe',
                                                        'y7qa-e5nf', 'd2hv-s8ku'], 'staff': PROFILE})
        if path == '/api/v1/staff/session':
            return self.answer(202, {'flow': 'F1'})
        if path == '/api/v1/staff/session/F1/code':
            return self.answer(200, PROFILE)
        if path.endswith('/letter'):
            return self.answer(200, b'%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n', 'application/pdf')
        return self.answer(404, {'error': {'code': 'not_found', 'message': 'Introuvable.'}})

    def do_DELETE(self):
        self.answer(204)


class StaffScreens(native_journey.Journey):
    def start_server(self):
        server = ThreadingHTTPServer(('127.0.0.1', 0), FakeStaffApi)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.base = f'http://127.0.0.1:{server.server_address[1]}'
        native_journey.step(f'fake staff API at {self.base}')

    def start_client(self, extra=()):
        # Letters land in the output folder (the native client saves into its current folder).
        os.chdir(self.out)
        self.extra = list(extra)
        super().start_client()

    def spawn(self, name, argv, **kwargs):
        if name == 'client':
            argv = argv + getattr(self, 'extra', [])
        return super().spawn(name, argv, **kwargs)

    def run(self):
        os.makedirs(self.out, exist_ok=True)
        self.start_xvfb()
        self.start_server()
        self.start_client()
        self.wait_screen('the first screen', '#/profil', 'profil.personnel')
        self.press('profil.personnel')
        self.press('niveau.college_lycee')
        self.press('se-connecter')
        self.wait_screen('the staff sign-in', '#/personnel/connexion', 'email')
        self.type_into('email', 'marie.curie@ac-normandie.fr')
        self.type_into('mot-de-passe', 'Motdepasse2026!')
        self.shot('01-connexion')
        self.press('se-connecter')
        self.wait_screen('the code', '#/personnel/code', 'code')
        self.type_into('code', '123456')
        self.shot('02-code')
        self.press('changer-code')
        self.wait_widget('code-secours')
        self.shot('03-code-secours')
        self.press('changer-code')
        self.wait_widget('code')
        self.type_into('code', '123456')
        self.press('valider')
        self.wait_screen('the console', '#/personnel/console', 'rubrique.rechercher')
        self.type_into('recherche.nom', 'dupont')
        self.press('rechercher')
        self.wait_widget('resultat.0')
        self.shot('04-console-rechercher')
        self.press('resultat.0')
        self.wait_screen('Albert', '#/personnel/personne/pupil/12', 'compte.etat')
        self.shot('05-personne-eleve')
        self.press('action.lettre')
        self.wait_widget('confirmer')
        self.shot('06-personne-confirmation')
        self.press('confirmer')
        self.wait_widget('alerte.succes')
        self.shot('07-personne-lettre')
        self.press('retour-console')
        self.wait_screen('the console', '#/personnel/console', 'rubrique.avancement')
        self.press('rubrique.avancement')
        self.wait_widget('classe.0.avancement')
        self.shot('08-console-avancement')
        self.press('classe.2.manquants')
        self.wait_widget('classe.2.manquant.0')
        self.shot('09-console-manquants')
        self.press('rubrique.journal')
        self.wait_widget('journal.0')
        self.shot('10-console-journal')
        self.press('se-deconnecter')
        self.wait_screen('signed out', '#/personnel/connexion', 'alerte.deconnecte')
        self.shot('11-deconnecte')
        self.stop_client()

        # The invitation, opened by its link.
        invitation = '#/personnel/invitation/' + TOKEN
        self.start_client(['--route', invitation])
        self.wait_screen('the invitation', invitation, 'nouveau-mot-de-passe')
        self.type_into('nouveau-mot-de-passe', 'Motdepasse2026!')
        self.type_into('confirmation', 'Motdepasse2026!')
        self.shot('12-invitation-mot-de-passe')
        self.press('suivant')
        self.wait_widget('qr-code')
        self.shot('13-invitation-application')
        self.visible('valider')
        self.shot('14-invitation-application-code')
        self.type_into('code', '123456')
        self.press('valider')
        self.wait_widget('codes-notes')
        self.shot('15-invitation-codes')
        self.press('codes-notes')
        self.wait_screen('the console', '#/personnel/console', 'rubrique.rechercher')

    def stop_client(self):
        name, process = self.processes.pop()
        process.terminate()
        process.wait(timeout=5)
        os.remove(self.bridge_path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--client', required=True)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()
    args.out = os.path.abspath(args.out)
    args.client = os.path.abspath(args.client)
    journey = StaffScreens(args)
    try:
        journey.run()
    except native_journey.JourneyError as e:
        print(f'staff screens: {e}', file=sys.stderr)
        for name in ('client',):
            print(journey.log_of(name), file=sys.stderr)
        return 1
    finally:
        journey.stop_all()
    return 0


if __name__ == '__main__':
    sys.exit(main())
