"""An exemption belongs to the case (it may come before any notice); existing ones take their notice's case."""

import django.db.models.deletion
from django.db import migrations, models


def case_of_the_notice(apps, schema_editor):  # type: ignore[no-untyped-def]
    FeeExemption = apps.get_model("fees", "FeeExemption")
    for exemption in FeeExemption.objects.select_related("notice").filter(case__isnull=True):
        exemption.case_id = exemption.notice.case_id
        exemption.save(update_fields=["case"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_document_service_events"),
        ("fees", "0002_notice_computation"),
    ]

    operations = [
        migrations.AddField(
            model_name="feeexemption",
            name="case",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="fee_exemptions", to="cases.case"
            ),
        ),
        migrations.RunPython(case_of_the_notice, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="feeexemption",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="fee_exemptions", to="cases.case"
            ),
        ),
        migrations.AlterField(
            model_name="feeexemption",
            name="notice",
            field=models.OneToOneField(
                blank=True,
                help_text="The notice it waived; empty when the exemption came before any notice.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="exemption",
                to="fees.feenotice",
            ),
        ),
    ]
