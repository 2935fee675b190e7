"""A local S3-compatible server for the media tests: moto's server mode on 127.0.0.1.

Tests that take the ``s3_media`` fixture (tests/conftest.py) store photos in a fresh bucket
of it through django-storages, exactly as production does with a real bucket, and read back
what was written with boto3.
"""

import socket
import uuid
from dataclasses import dataclass

import boto3

REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """moto's threaded server, started once per test session."""

    def __init__(self):
        from moto.server import ThreadedMotoServer

        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def start(self):
        self._server.start()
        return self

    def stop(self):
        self._server.stop()

    def client(self):
        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION, **CREDENTIALS)


@dataclass
class Bucket:
    """One test's bucket: its name, the server's address and a boto3 client to look inside."""

    name: str
    endpoint: str
    client: object

    @classmethod
    def create(cls, server: Server) -> "Bucket":
        client = server.client()
        name = f"media-{uuid.uuid4().hex[:16]}"
        client.create_bucket(Bucket=name)
        return cls(name, server.endpoint, client)

    def names(self) -> list[str]:
        """Every object's key, sorted."""
        keys = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name):
            keys += [entry["Key"] for entry in page.get("Contents", [])]
        return sorted(keys)

    def make_public(self) -> None:
        """Apply the public-read policy of docs/deploy.md, as production's bucket has it."""
        import json

        from newsroom.mediastorage import public_read_policy

        self.client.put_bucket_policy(
            Bucket=self.name, Policy=json.dumps(public_read_policy(self.name))
        )

    def head(self, key: str) -> dict:
        return self.client.head_object(Bucket=self.name, Key=key)

    def storage_options(self, **overrides) -> dict:
        """S3Storage's OPTIONS for this bucket, as newsroom/mediastorage.py makes them."""
        from newsroom.mediastorage import s3_options

        return s3_options(
            bucket=self.name, endpoint_url=self.endpoint, region=REGION,
            access_key=CREDENTIALS["aws_access_key_id"],
            secret_key=CREDENTIALS["aws_secret_access_key"], addressing_style="path",
            **overrides,
        )
