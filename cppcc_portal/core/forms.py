from django import forms

from .uploads import IMAGE_EXTENSIONS, validate_upload


class ValidatedFileField(forms.FileField):
    """A FileField that runs the portal's one upload check (size, extension, content)."""

    def __init__(self, *args, allowed=None, max_bytes=None, **kwargs):
        self.allowed = set(allowed) if allowed else None
        self.max_bytes = max_bytes
        super().__init__(*args, **kwargs)
        if self.allowed:
            self.widget.attrs.setdefault("accept", ",".join(f".{e}" for e in sorted(self.allowed)))

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and hasattr(value, "size") and value is not initial:
            validate_upload(value, allowed=self.allowed, max_bytes=self.max_bytes)
        return value


class ValidatedImageField(ValidatedFileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allowed", IMAGE_EXTENSIONS)
        super().__init__(*args, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleValidatedFileField(ValidatedFileField):
    """Several files in one input, each validated."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super(ValidatedFileField, self).clean
        if isinstance(data, list | tuple):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        for f in files:
            validate_upload(f, allowed=self.allowed, max_bytes=self.max_bytes)
        return files
