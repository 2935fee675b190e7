"""Development's mail backend: Django's console backend, printing mail a person can read."""

import email.policy

from django.core.mail.backends import console

# UTF-8 headers and long lines allowed: the body stays 8-bit text instead of the base64 an
# Arabic body otherwise gets (the subject likewise stays Arabic, not RFC 2047 words).
READABLE = email.policy.default.clone(utf8=True, max_line_length=998)


class ReadableConsoleBackend(console.EmailBackend):
    """Prints each message as the console backend does, its Arabic left as Arabic."""

    def write_message(self, message):
        self.stream.write(f"{message.message(policy=READABLE).as_bytes().decode()}\n")
        self.stream.write("-" * 79)
        self.stream.write("\n")
