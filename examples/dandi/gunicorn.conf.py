"""gunicorn settings for `gunicorn --config gunicorn.conf.py dandiapi.wsgi`.

gunicorn also loads this file on its own when it is started from this folder
without --config (as the older DANDI Procfiles do).
"""
import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
# Finish in-flight requests within 25 s of a SIGTERM: under the 30 s a
# process manager waits before it sends SIGKILL.
graceful_timeout = 25
timeout = 15
accesslog = '-'
errorlog = '-'
capture_output = True


def on_starting(server):
    """Keeps this example on the loopback interface, even if a Procfile says --bind 0.0.0.0."""
    addresses = []
    for address in server.cfg.bind:
        host, separator, port = address.rpartition(':')
        if separator and host in ('0.0.0.0', '[::]', '::', ''):
            server.log.info('example app: listening on 127.0.0.1:%s instead of %s', port, address)
            address = f'127.0.0.1:{port}'
        addresses.append(address)
    server.cfg.set('bind', addresses)
