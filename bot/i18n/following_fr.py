"""Messages français du suivi (listes, statut, accueil, rappels, Marquer fait).

Mêmes clés et mêmes `{placeholders}` que `bot.i18n.following_en`. Espace fine insécable (U+202F)
avant `: ; ! ?` et à l'intérieur des «\u202f ».
"""

MESSAGES: dict[str, str] = {
    "example.list": "/preventive liste équipe",
    "example.status": "/preventive statut 42",
    "parse.bad_scope": (
        "«\u202f{fragment}\u202f» n'est pas une liste connue\u202f: `mes`, `équipe` ou `tout`."
    ),
    "button.mark_done": "Marquer fait",
    "list.title.mine": "*Vos prochaines interventions* (14 prochains jours, créées par vous ou "
    "assignées à vous)",
    "list.title.team": "*Prochaines interventions de votre équipe* (14 prochains jours)",
    "list.title.all": "*Toutes les prochaines interventions* (14 prochains jours)",
    "list.empty": "Rien de prévu avant {until}, à la connaissance du bot.",
    "list.more": "Les {shown} plus proches sur {total}. Affinez avec `/preventive liste mes`, "
    "ou demandez `/preventive statut <id>` pour une seule.",
    "list.line": "*#{id}* · routine {routine} · {window} · {assignee}{thread}",
    "list.thread": " · <{url}|fil>",
    "list.unconfirmed.title": "*Non confirmées* (l'API n'a pas dit si elles ont été créées)",
    "list.unconfirmed.line": "routine {routine} · {window} · tentée {when}\u202f: regardez le "
    "canal de l'équipe avant de réessayer",
    "status.title": "*#{id}* tel que l'API l'a décrit au bot en dernier",
    "status.no_record": "Le bot n'a aucune trace de #{id}\u202f: elle n'a été ni créée ni "
    "modifiée par lui. Consultez le back-office.",
    "status.last_change": "Dernière modification",
    "status.last_change_value": "{when} par {user}",
    "status.last_change_when": "{when}",
    "status.pending": "Réassignation en attente",
    "status.pending_line": "à {assignee}, demandée par {user}, expire {when}",
    "status.none": "aucune",
    "status.thread": "Fil",
    "status.open_thread": "<{url}|ouvrir le fil>",
    "home.mine": "Vos prochaines interventions",
    "home.team": "Les 7 prochains jours de votre équipe",
    "home.waiting": "En attente de votre décision",
    "home.nothing": "Rien de prévu.",
    "home.no_waiting": "Aucune réassignation ne vous attend.",
    "home.more": "…et {more} de plus (`/preventive liste`).",
    "home.request": "*#{id}* · {current} → {proposed} · demandée par {user}{reason}",
    "home.updated": "Mis à jour {when}",
    "reminder.direct": ":alarm_clock: Rappel\u202f: *#{id}* (routine {routine}) commence {when}. "
    "{link}",
    "reminder.thread": ":alarm_clock: Commence {when}\u202f; {user} a reçu un rappel.",
    "done.thread": "{user} l'a marquée faite.",
    "done.outcome": "#{id} est marquée faite.",
    "done.refused": "Seuls {people} peuvent marquer #{id} faite.",
    "done.refused_none": "Personne ne peut marquer #{id} faite depuis Slack\u202f: le bot n'en a "
    "aucune trace.",
}
