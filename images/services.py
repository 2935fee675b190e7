"""Every write of an image file to the media library goes through here, so every stored
original has been checked, stripped of its metadata and given its renditions.

Files are not transactional: new files are written before the row is saved, and obsolete ones
deleted only after commit, so a rollback never leaves a row pointing at a missing file
(docs/architecture-notes.md, "Image services").
"""

from functools import partial

from django.db import transaction

from images import renditions
from images.models import Image
from images.processing import ProcessedImage, process_upload


def create_image(
    *, file, alt_text_ar: str, caption_ar: str = "", credit_ar: str = "", uploaded_by=None,
    **other_fields,
) -> Image:
    """Check, clean and store a photo with its renditions, for commands and loaders.

    ``file`` is any Django ``File`` (an upload, or ``ContentFile(jpeg_bytes)``); its name is
    ignored. Raises ``ValidationError`` before anything is stored if the file is refused or
    a field is invalid (an empty Arabic alt text, a focal point outside 0..1).
    """
    processed = process_upload(file)
    image = Image(
        alt_text_ar=alt_text_ar, caption_ar=caption_ar, credit_ar=credit_ar,
        uploaded_by=uploaded_by, **other_fields,
    )
    image.file = processed.file
    image.full_clean()
    return save_uploaded_image(image, processed)


def replace_image_file(image: Image, *, file) -> Image:
    """Give an existing library photo a new file: checked, cleaned, with new renditions.

    Stories that use the photo show the new file at once. Raises ``ValidationError``, and
    changes nothing, if the file is refused.
    """
    return save_uploaded_image(image, process_upload(file))


def save_uploaded_image(image: Image, processed: ProcessedImage) -> Image:
    """Save ``image`` with ``processed`` as its file, make its renditions, drop the old ones.

    ``image`` may be new or already stored; its other fields are saved as they are (the
    admin's form has filled and validated them). The admin calls this after its form has
    processed the upload; other callers use ``create_image`` or ``replace_image_file``.
    """
    previous = None
    if image.pk is not None:
        previous = Image.objects.filter(pk=image.pk).values("file", "rendition_widths").first()
    image.file.save(processed.file.name, processed.file, save=False)
    try:
        image.rendition_widths = renditions.make_renditions(
            processed.pixels, image.file.name, processed.icc_profile
        )
        image.save()
    except BaseException:
        _delete_files(image.file.name, renditions.widths_for(processed.width))
        raise
    if previous and previous["file"] != image.file.name:
        transaction.on_commit(
            partial(_delete_files, previous["file"], previous["rendition_widths"])
        )
    return image


def regenerate_renditions(image: Image) -> Image:
    """Make the renditions of a stored photo again, e.g. after the ladder has changed.

    The original keeps its name (stories' links to it stay valid) and goes through the same
    checks as an upload, so a file stored before they existed is refused with the same
    ``ValidationError``. Renditions at widths no longer on the ladder are removed after the
    transaction commits.
    """
    with image.file.open("rb") as stored:
        processed = process_upload(stored)
    old_widths = set(image.rendition_widths)
    image.rendition_widths = renditions.make_renditions(
        processed.pixels, image.file.name, processed.icc_profile
    )
    image.save(update_fields=["rendition_widths"])
    dropped = old_widths - set(image.rendition_widths)
    if dropped:
        transaction.on_commit(
            partial(renditions.delete_renditions, image.file.name, sorted(dropped))
        )
    return image


def delete_image(image: Image) -> None:
    """Delete a library photo and, once the deletion is committed, its files.

    Stories that used it as their lead image lose it (``on_delete=SET_NULL``).
    """
    file_name, widths = image.file.name, list(image.rendition_widths)
    image.delete()
    if file_name:
        transaction.on_commit(partial(_delete_files, file_name, widths))


def _delete_files(file_name: str, widths) -> None:
    renditions.delete_renditions(file_name, widths)
    Image._meta.get_field("file").storage.delete(file_name)
