"""The upload form of the catalog import page."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".xml,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Файлы выгрузки из 1С"),
        help_text=_(
            "import.xml, offers.xml, файлы пакета (import___*.xml, prices___*.xml, "
            "rests___*.xml) или zip-архив с ними и папкой import_files."
        ),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if not files:
            raise forms.ValidationError("Выберите хотя бы один файл.")
        for upload in files:
            if not upload.name.lower().endswith((".xml", ".zip")):
                raise forms.ValidationError(
                    f"Файл «{upload.name}»: принимаются только .xml и .zip."
                )
        return files
