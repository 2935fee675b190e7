"""Real image files for the tests, made with Pillow (and, for the bombs, a hex editor's care)."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

RED = (220, 30, 30)
BLUE = (30, 30, 220)

# EXIF and GPS tag numbers (EXIF 2.3 / TIFF 6.0).
MAKE, MODEL, ORIENTATION, GPS_IFD = 0x010F, 0x0110, 0x0112, 0x8825
GPS_LATITUDE_REF, GPS_LATITUDE, GPS_LONGITUDE_REF, GPS_LONGITUDE = 1, 2, 3, 4


def image_bytes(size=(64, 48), format="JPEG", color=RED, mode="RGB", **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=format, **save_options)
    return buffer.getvalue()


def two_halves_jpeg(size=(40, 20), **save_options) -> bytes:
    """Left half red, right half blue: shows which way a photo was turned."""
    picture = Image.new("RGB", size, BLUE)
    picture.paste(RED, (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=95, **save_options)
    return buffer.getvalue()


def camera_exif(orientation=None) -> Image.Exif:
    """What a phone writes: make, model and where the photo was taken (Baghdad)."""
    exif = Image.Exif()
    exif[MAKE] = "NewsCam"
    exif[MODEL] = "Reporter X100"
    if orientation:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[GPS_LATITUDE_REF] = "N"
    gps[GPS_LATITUDE] = (33.0, 18.0, 44.0)
    gps[GPS_LONGITUDE_REF] = "E"
    gps[GPS_LONGITUDE] = (44.0, 21.0, 58.0)
    return exif


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="SecretCity"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def png_declaring(width: int, height: int) -> bytes:
    """A 1×1 PNG whose header (IHDR) claims ``width`` × ``height`` pixels.

    The signature is 8 bytes; IHDR's length and type take 8 more, then width and height
    (4 bytes each, big-endian), and the chunk's CRC covers its type and 13 data bytes.
    """
    data = bytearray(image_bytes((1, 1), "PNG"))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def upload(content: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
