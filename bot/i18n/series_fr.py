"""Messages français des séries (aperçu, message de série, avancement, Réessayer).

Mêmes clés et mêmes `{placeholders}` que `bot.i18n.series_en`. Espace fine insécable (U+202F)
avant `: ; ! ?` et à l'intérieur des guillemets.
"""

MESSAGES: dict[str, str] = {
    "series.preview.title": "*Aperçu\u202f: {count} interventions d'une série*",
    "series.preview.count": "{count} occurrences",
    "series.preview.dst": "changement d'heure\u202f: désormais {zone}",
    "series.preview.dst_note": (
        "L'heure change pendant la série\u202f: chaque occurrence garde son heure locale."
    ),
    "series.preview.nothing_sent": (
        "Rien n'est envoyé avant votre confirmation\u202f; ensuite une intervention est créée"
        " par occurrence."
    ),
    "series.working": (
        "Création de {count} interventions… Je montre l'avancement dans un message direct."
    ),
    "series.progress.title": "*{created}/{count} créées* (gamme {routine})",
    "series.progress.done": "Les {count} interventions sont créées.",
    "series.progress.posted": "La série est publiée dans <#{channel}>.",
    "series.progress.some_failed": (
        "{failed} sur {count} n'ont pas encore d'intervention\u202f: appuyez sur Réessayer pour"
        " n'envoyer que celles-là."
    ),
    "series.message.title": "*Série\u202f: {count} interventions de la gamme {routine}*",
    "series.message.by": "Planifiée par <@{user}>\u202f; {created}/{count} créées.",
    "series.line.waiting": "envoi…",
    "series.line.created": "#{id}",
    "series.line.assigning": "#{id}, assignation à {assignee}…",
    "series.line.assigned": "#{id}, assignée à {assignee}",
    "series.line.not_assigned": "#{id} créée, non assignée à {assignee} ({reason})",
    "series.line.failed": "échec\u202f: {reason}",
    "series.line.unknown": (
        "résultat inconnu ({reason})\u202f: elle existe peut-être\u202f; pas renvoyée sauf si"
        " vous appuyez sur Réessayer"
    ),
    "series.reason.unknown": "l'API des interventions n'a pas répondu",
    "series.reason.unreachable": "l'API des interventions est injoignable",
    "series.reason.unauthorised": (
        "l'API des interventions a refusé l'accès du bot (demandez à votre admin)"
    ),
    "series.reason.unknown_routine": "l'API des interventions ne connaît pas cette gamme",
    "series.reason.rejected": "l'API des interventions l'a refusée",
    "series.reason.rejected_detail": "l'API des interventions l'a refusée\u202f: {detail}",
    "button.retry_failed": "Réessayer les {count} en échec",
    "series.retry.title": "Certaines existent peut-être",
    "series.retry.warning": (
        "{count} d'entre elles ont peut-être déjà été créées (pas de réponse)\u202f: les renvoyer"
        " peut créer des doublons. Vérifiez d'abord les interventions de la gamme."
    ),
    "series.retry.started": "Nouvel envoi des {count} en échec…",
    "series.retry.nothing": "Rien à réessayer\u202f: chaque occurrence a déjà son résultat.",
    "series.already_confirmed": (
        "Cette série est déjà confirmée\u202f: son avancement est dans vos messages directs."
    ),
    "series.gone": "Je n'ai plus cette série\u202f: relancez la commande.",
}
