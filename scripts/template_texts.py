"""The French and English of every Dutch text in eenplan's default templates (build_templates.py).

Warm and plain, like the Dutch: the family is at the wheel, it invites and it writes its plan;
no jargon. A network member's invitation comes from the family ("tu" in French, as "je" in
Dutch; "vous" and "u" to whom the Naam gives a title such as Madame or Mevrouw: ontvanger.beleefd);
the family's own letter says "vous" ("jullie"). Fields ({{ ... }}) stay as they are.
"""

CONTACT_FR = "{{ contact.naam }}{% if contact.bereikbaar %} ({{ contact.bereikbaar }}){% endif %}"
CONTACT = CONTACT_FR
U, E, END = "{% if ontvanger.beleefd %}", "{% else %}", "{% endif %}"

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        # uitnodiging
        "Uitnodiging rondetafelgesprek": "Invitation à la table ronde",
        "{{ team.naam }} · pagina ": "{{ team.naam }} · page ",
        "Jullie rondetafelgesprek": "Votre table ronde",
        "Beste {{ gezin.aanhef }},": "Bonjour {{ gezin.aanhef }},",
        "Binnenkort is jullie rondetafelgesprek. Jullie nodigen zelf de mensen uit die jullie erbij "
        "willen. Zij krijgen een brief van jullie. In deze brief staat alles nog eens op een rij, "
        "zodat jullie het bij de hand hebben.":
            "Votre table ronde aura bientôt lieu. Vous invitez vous-mêmes les personnes que vous voulez "
            "près de vous. Elles reçoivent une lettre de votre part. Cette lettre-ci reprend tout, pour "
            "que vous l'ayez sous la main.",
        "Wanneer": "Quand",
        "Waar": "Où",
        "Dat laten we jullie nog weten.": "Nous vous le dirons bientôt.",
        "Wie komt er": "Qui vient",
        "{{ genodigden_tekst }}. {% if begeleider.naam %}Ik ben er ook bij.{% else %}Iemand van "
        "{{ team.naam }} is er ook bij.{% endif %}":
            "{{ genodigden_tekst }}. {% if begeleider.naam %}Je serai là aussi.{% else %}Quelqu'un de "
            "{{ team.naam }} sera là aussi.{% endif %}",
        "Jullie en {% if begeleider.naam %}ik{% else %}iemand van {{ team.naam }}{% endif %}.":
            "Vous et {% if begeleider.naam %}moi{% else %}quelqu'un de {{ team.naam }}{% endif %}.",
        "Hoe gaat zo'n gesprek?": "Comment se passe une table ronde ?",
        "Jullie vertellen hoe het gaat: wat goed gaat en waar jullie hulp bij willen. Iedereen mag "
        "zeggen wat hij of zij denkt. Daarna maken we samen afspraken: wat we doen, wie wat doet en "
        "tegen wanneer. Jullie beslissen mee over alles wat we afspreken.":
            "Vous racontez comment ça va : ce qui va bien et ce pour quoi vous voulez de l'aide. Chacun "
            "peut dire ce qu'il pense. Ensuite, nous décidons ensemble : ce que nous faisons, qui fait "
            "quoi et pour quand. Vous avez votre mot à dire sur tout ce que nous décidons.",
        "Past het moment niet?": "Le moment ne vous convient pas ?",
        "Laat het dan zo snel mogelijk weten aan " + CONTACT + ". Dan zoeken we samen een andere "
        "dag. Hebben jullie nog vragen? Bel of mail gerust.":
            "Dites-le au plus vite à " + CONTACT + ". Nous chercherons ensemble un autre jour. Vous avez "
            "des questions ? N'hésitez pas à appeler ou à écrire.",
        "Tot dan!": "À bientôt !",
        "Hartelijke groeten,": "Bien cordialement,",
        "{% if begeleider.naam %}Begeleider bij {{ team.naam }}{% endif %}":
            "{% if begeleider.naam %}de l'équipe {{ team.naam }}{% endif %}",
        "Uitnodiging voor ons rondetafelgesprek": "Invitation à notre table ronde",
        "Beste {{ ontvanger.voornaam }},": "Bonjour {{ ontvanger.voornaam }},",
        "Wij, {{ gezin.in_zin }}, willen graag samen met een paar mensen rond de tafel zitten. " + U + "U "
        "bent belangrijk voor ons. Daarom nodigen we u uit" + E + "Jij bent belangrijk voor ons. Daarom "
        "nodigen we je uit" + END + " voor ons rondetafelgesprek.":
            "Nous, {{ gezin.in_zin }}, voulons nous asseoir autour d'une table avec quelques personnes. "
            + U + "Vous comptez pour nous. C'est pourquoi nous vous invitons" + E + "Tu comptes pour nous. "
            "C'est pourquoi nous t'invitons" + END + " à notre table ronde.",
        "Dat laten we " + U + "u" + E + "je" + END + " nog weten.":
            "Nous " + U + "vous" + E + "te" + END + " le dirons bientôt.",
        "Wij zijn er, met {{ genodigden_tekst }}.{% if begeleider.naam %} Ook {{ begeleider.naam }}, "
        "die ons begeleidt, is erbij.{% endif %}":
            "Nous serons là, avec {{ genodigden_tekst }}.{% if begeleider.naam %} {{ begeleider.naam }}, "
            "qui nous accompagne, sera là aussi.{% endif %}",
        "Wij{% if begeleider.naam %} en {{ begeleider.naam }}, die ons begeleidt{% else %} en "
        + U + "u" + E + "jij" + END + "{% endif %}.":
            "Nous{% if begeleider.naam %} et {{ begeleider.naam }}, qui nous accompagne{% else %} et "
            + U + "vous" + E + "toi" + END + "{% endif %}.",
        "Wat is een rondetafelgesprek?": "Qu'est-ce qu'une table ronde ?",
        "We zitten samen met de mensen die belangrijk zijn voor ons. We vertellen hoe het gaat: wat "
        "goed gaat en waar we hulp bij willen. Iedereen mag zeggen wat hij of zij denkt. Samen maken we "
        "afspraken: wat we doen, wie wat doet en tegen wanneer. Wij beslissen mee over alles wat we "
        "afspreken.":
            "Nous nous réunissons avec les personnes qui comptent pour nous. Nous racontons comment ça "
            "va : ce qui va bien et ce pour quoi nous voulons de l'aide. Chacun peut dire ce qu'il pense. "
            "Ensemble, nous décidons ce que nous faisons, qui fait quoi et pour quand. Nous avons notre "
            "mot à dire sur tout ce que nous décidons.",
        U + "Kunt u" + E + "Kun je" + END + " niet komen?":
            U + "Vous ne pouvez" + E + "Tu ne peux" + END + " pas venir ?",
        "Laat het dan zo snel mogelijk weten aan " + CONTACT + ". " + U + "Wilt u" + E + "Wil je" + END
        + " toch iets zeggen? Schrijf het op en geef het aan iemand mee, of vertel het vooraf aan "
        "{{ begeleider.voornaam or "
        "contact.naam }}. Dan nemen we het mee naar het gesprek.":
            U + "Dites-le au plus vite à " + CONTACT + ". Vous voulez quand même dire quelque chose ? "
            "Écrivez-le et donnez-le à quelqu'un, ou dites-le avant à {{ begeleider.voornaam or "
            "contact.naam }}." + E + "Dis-le au plus vite à " + CONTACT + ". Tu veux quand même dire "
            "quelque chose ? Écris-le et donne-le à quelqu'un, ou dis-le avant à {{ begeleider.voornaam "
            "or contact.naam }}." + END + " Nous l'apporterons à la table ronde.",
        "We hopen dat " + U + "u" + E + "je" + END + " erbij bent.":
            "Nous espérons que " + U + "vous serez" + E + "tu seras" + END + " là.",
        "{% if begeleider.naam %}samen met {{ begeleider.naam }}, begeleider bij {{ team.naam }}"
        "{% endif %}":
            "{% if begeleider.naam %}avec {{ begeleider.naam }}, de {{ team.naam }}{% endif %}",
        # verslag
        "Verslag rondetafelgesprek": "Compte rendu de la table ronde",
        "Verslag van ons rondetafelgesprek": "Compte rendu de notre table ronde",
        "{{ team.naam }} · ons kenmerk {{ dossier.nummer }} · pagina ":
            "{{ team.naam }} · notre référence {{ dossier.nummer }} · page ",
        "{{ rondetafel.plaats or 'niet ingevuld' }}": "{{ rondetafel.plaats or 'pas indiqué' }}",
        "Soort gesprek": "Type de rencontre",
        "{{ rondetafel.soort or 'rondetafel' }}": "{{ rondetafel.soort or 'table ronde' }}",
        "Aanwezig": "Présents",
        "{{ rondetafel.aanwezig or 'niet ingevuld' }}": "{{ rondetafel.aanwezig or 'pas indiqué' }}",
        "Begeleider": "Accompagnement",
        "{{ begeleider.naam or 'nog niet gekend' }}": "{{ begeleider.naam or 'pas encore connu' }}",
        "Wat we bespraken": "Ce dont nous avons parlé",
        "Het verslag is nog niet ingevuld.": "Le compte rendu n'est pas encore écrit.",
        "Wat we afspraken": "Ce que nous avons décidé",
        "Hoe staan de afspraken van vorige keer?": "Où en sont les accords de la dernière fois ?",
        "Rondetafel": "Table ronde",
        "Doel": "But",
        "Wat doen we": "Ce que nous faisons",
        "Wie": "Qui",
        "Wie helpt": "Qui aide",
        "Tegen wanneer": "Pour quand",
        "{{ a.tegen_wanneer|korte_datum or 'samen te bekijken' }}":
            "{{ a.tegen_wanneer|korte_datum or 'à voir ensemble' }}",
        "We noteerden geen afspraken.": "Nous n'avons rien noté.",
        "We maakten geen nieuwe afspraken.": "Nous n'avons pas pris de nouveaux accords.",
        "Volgende keer": "La prochaine fois",
        "We zien elkaar terug op {{ rondetafel.volgende_wanneer }}.":
            "Nous nous revoyons le {{ rondetafel.volgende_wanneer }}.",
        "We spreken samen een datum af.": "Nous choisissons une date ensemble.",
        "Klopt er iets niet in dit verslag? Laat het weten aan " + CONTACT + ".":
            "Quelque chose ne va pas dans ce compte rendu ? Dites-le à " + CONTACT + ".",
        # gezinsplan
        "Ons gezinsplan": "Notre plan de famille",
        "Dit plan is van ons. We schreven het samen met de mensen rond ons, in onze eigen woorden"
        "{% if plan.rondetafel %}, op ons rondetafelgesprek van {{ plan.rondetafel }}{% endif %}. Het "
        "zegt waar we sterk in zijn en waar we ons zorgen over maken. Het zegt ook wat we willen "
        "bereiken en wie ons daarbij helpt.":
            "Ce plan est à nous. Nous l'avons écrit avec les personnes autour de nous, avec nos propres "
            "mots{% if plan.rondetafel %}, à notre table ronde du {{ plan.rondetafel }}{% endif %}. Il dit "
            "nos forces et nos soucis. Il dit aussi ce que nous voulons atteindre et qui nous aide.",
        "Wie zijn wij?": "Qui sommes-nous ?",
        "Wij zijn {{ gezin.in_zin }}.{% if gezin.adres %} We wonen in {{ gezin.adres }}.{% endif %} "
        "{% if begeleider.naam %}{{ begeleider.naam }} van {% endif %}{{ team.naam }} "
        "{% if plan.afgesloten %}ging{% else %}gaat{% endif %} een tijd met ons mee."
        "{% if contact.bereikbaar %} We bereiken "
        "{{ begeleider.voornaam or 'het team' }} via {{ contact.bereikbaar }}.{% endif %}":
            "Nous sommes {{ gezin.in_zin }}.{% if gezin.adres %} Nous habitons {{ gezin.adres }}.{% endif %} "
            "{% if begeleider.naam %}{{ begeleider.naam }} de {% endif %}{{ team.naam }} "
            "{% if plan.afgesloten %}nous a accompagnés un temps{% else %}nous accompagne un temps"
            "{% endif %}.{% if contact.bereikbaar %} Nous joignons {{ begeleider.voornaam or team.naam }} "
            "au {{ contact.bereikbaar }}.{% endif %}",
        "Let op: dit plan loopt niet meer. {{ team.naam }} ging met ons mee tot {{ plan.afgesloten }}.":
            "Attention : ce plan n'est plus en cours. {{ team.naam }} nous a accompagnés jusqu'au "
            "{{ plan.afgesloten }}.",
        "Onze krachten": "Nos forces",
        "{{ gezin.krachten or 'Dat schrijven we samen op.' }}":
            "{{ gezin.krachten or 'Nous allons écrire cela ensemble.' }}",
        "Onze zorgen": "Nos soucis",
        "{{ gezin.zorgen or 'Dat schrijven we samen op.' }}":
            "{{ gezin.zorgen or 'Nous allons écrire cela ensemble.' }}",
        "Wat we hopen": "Ce que nous espérons",
        "{{ gezin.wensen or 'Dat schrijven we samen op.' }}":
            "{{ gezin.wensen or 'Nous allons écrire cela ensemble.' }}",
        "Onze vragen en afspraken": "Nos questions et ce que nous avons décidé",
        "Wat we willen bereiken: {{ domein.vragen|join('; ') }}.":
            "Ce que nous voulons atteindre : {{ domein.vragen|join('; ') }}.",
        "Hoe ver": "Où en est-on",
        "Hier maken we nog afspraken over.": "Nous en parlerons encore ensemble.",
        "We maken onze afspraken samen op het eerste rondetafelgesprek.":
            "Nous décidons ensemble à la première table ronde.",
        "Ons netwerk": "Notre réseau",
        "Deze mensen staan rond ons:": "Ces personnes sont autour de nous :",
        "Naam": "Nom",
        "Wie is dit voor ons": "Qui est-ce pour nous",
        "Organisatie": "Organisation",
        "We kiezen samen wie we erbij vragen.": "Nous choisissons ensemble qui nous invitons.",
        "Wanneer kijken we samen terug?": "Quand faisons-nous le point ?",
        "Op {{ terugblik.wanneer }} kijken we samen terug: wat lukte, wat nog niet, en wat we anders "
        "willen doen.":
            "Le {{ terugblik.wanneer }}, nous faisons le point ensemble : ce qui a marché, ce qui n'a "
            "pas encore marché, et ce que nous voulons faire autrement.",
        "We spreken samen een datum af om terug te kijken. Wat lukte, wat nog niet, en wat willen we "
        "anders doen?":
            "Nous choisissons ensemble une date pour faire le point. Qu'est-ce qui a marché, qu'est-ce "
            "qui n'a pas encore marché, et que voulons-nous faire autrement ?",
        "Zo spraken we het af": "Nous sommes d'accord",
        "Datum: {{ plan.datum or vandaag }}": "Date : {{ plan.datum or vandaag }}",
        # kindplan
        "Ons plan": "Notre plan",
        "Hallo{% if kinderen_tekst %} {{ kinderen_tekst }}{% endif %}!":
            "Bonjour{% if kinderen_tekst %} {{ kinderen_tekst }}{% endif %} !",
        "Dit is ons plan. We maakten het samen. Hier staat wat we afspraken.":
            "Voici notre plan. Nous l'avons fait ensemble. Il dit ce que nous avons décidé.",
        "Let op: dit plan loopt niet meer. Het stopte op {{ plan.afgesloten|datum_zonder_dag }}.":
            "Attention : ce plan est terminé. Il s'est arrêté le {{ plan.afgesloten|datum_zonder_dag }}.",
        "Waar we goed in zijn": "Ce que nous faisons bien",
        "Wat we willen": "Ce que nous voulons",
        "{% if a.met_kinderen %}★ {% endif %}{% if a.wie %}{{ a.wie }}: {% endif %}{{ a.wat }}."
        "{% if a.helpt %} {{ a.helpt }} helpt.{% endif %}{% if a.tegen_wanneer %} Tegen "
        "{{ a.tegen_wanneer|datum_zonder_dag }}.{% endif %}":
            "{% if a.met_kinderen %}★ {% endif %}{% if a.wie %}{{ a.wie }} : {% endif %}{{ a.wat }}."
            "{% if a.helpt %} "
            "{{ a.helpt }} aide.{% endif %}{% if a.tegen_wanneer %} Pour le "
            "{{ a.tegen_wanneer|datum_zonder_dag }}.{% endif %}",
        "★ Daar doe{% if kinderen|length == 1 %} jij{% else %}n jullie{% endif %} aan mee.":
            "★ Là, {% if kinderen|length == 1 %}tu participes{% else %}vous participez{% endif %} aussi.",
        "We maken samen afspraken. {% if kinderen|length == 1 %}Jij mag ook zeggen wat jij wil."
        "{% else %}Jullie mogen ook zeggen wat jullie willen.{% endif %}":
            "Nous décidons ensemble. {% if kinderen|length == 1 %}Toi aussi, tu peux dire ce que tu "
            "veux.{% else %}Vous aussi, vous pouvez dire ce que vous voulez.{% endif %}",
        "Wie helpt ons?": "Qui nous aide ?",
        "{% if helpers_tekst %}We krijgen hulp van {{ helpers_tekst }}.{% else %}We kiezen samen wie "
        "ons helpt.{% endif %}":
            "{% if helpers_tekst %}Nous sommes aidés par {{ helpers_tekst }}.{% else %}Nous choisissons "
            "ensemble qui nous aide.{% endif %}",
        "Wanneer praten we weer?": "Quand parlons-nous à nouveau ?",
        "{% if terugblik.datum %}Op {{ terugblik.datum }} praten we weer samen.{% else %}We kiezen "
        "samen een dag om weer te praten.{% endif %}":
            "{% if terugblik.datum %}Le {{ terugblik.datum }}, nous parlons à nouveau ensemble."
            "{% else %}Nous choisissons ensemble un jour pour parler à nouveau.{% endif %}",
        "{% if kinderen|length == 1 %}Wil je iets vragen?{% else %}Willen jullie iets vragen?"
        "{% endif %} Vraag het aan {{ begeleider.voornaam or contact.naam }}.":
            "{% if kinderen|length == 1 %}Tu as une question ? Demande à{% else %}Vous avez une "
            "question ? Demandez à{% endif %} {{ begeleider.voornaam or contact.naam }}.",
        "Mijn tekening": "Mon dessin",
        "{% if kinderen|length == 1 %}Teken hier wat jij belangrijk vindt.{% else %}Teken hier wat "
        "jullie belangrijk vinden.{% endif %}":
            "{% if kinderen|length == 1 %}Dessine ici ce qui compte pour toi.{% else %}Dessinez ici ce "
            "qui compte pour vous.{% endif %}",
    },
    "en": {
        "Uitnodiging rondetafelgesprek": "Invitation to the round-table meeting",
        "{{ team.naam }} · pagina ": "{{ team.naam }} · page ",
        "Jullie rondetafelgesprek": "Your round-table meeting",
        "Beste {{ gezin.aanhef }},": "Dear {{ gezin.aanhef }},",
        "Binnenkort is jullie rondetafelgesprek. Jullie nodigen zelf de mensen uit die jullie erbij "
        "willen. Zij krijgen een brief van jullie. In deze brief staat alles nog eens op een rij, "
        "zodat jullie het bij de hand hebben.":
            "Your round-table meeting is coming soon. You invite the people you want there yourselves. "
            "They get a letter from you. This letter puts everything in one place, so you have it to hand.",
        "Wanneer": "When",
        "Waar": "Where",
        "Dat laten we jullie nog weten.": "We will let you know.",
        "Wie komt er": "Who is coming",
        "{{ genodigden_tekst }}. {% if begeleider.naam %}Ik ben er ook bij.{% else %}Iemand van "
        "{{ team.naam }} is er ook bij.{% endif %}":
            "{{ genodigden_tekst }}. {% if begeleider.naam %}I will be there too.{% else %}Someone from "
            "{{ team.naam }} will be there too.{% endif %}",
        "Jullie en {% if begeleider.naam %}ik{% else %}iemand van {{ team.naam }}{% endif %}.":
            "You and {% if begeleider.naam %}me{% else %}someone from {{ team.naam }}{% endif %}.",
        "Hoe gaat zo'n gesprek?": "How does the meeting go?",
        "Jullie vertellen hoe het gaat: wat goed gaat en waar jullie hulp bij willen. Iedereen mag "
        "zeggen wat hij of zij denkt. Daarna maken we samen afspraken: wat we doen, wie wat doet en "
        "tegen wanneer. Jullie beslissen mee over alles wat we afspreken.":
            "You tell us how things are: what goes well and where you would like help. Everyone may say "
            "what they think. Then we agree together: what we do, who does what and by when. You have a "
            "say in everything we agree.",
        "Past het moment niet?": "Is the time not right for you?",
        "Laat het dan zo snel mogelijk weten aan " + CONTACT + ". Dan zoeken we samen een andere "
        "dag. Hebben jullie nog vragen? Bel of mail gerust.":
            "Please tell " + CONTACT + " as soon as you can. We will find another day together. Any "
            "questions? Feel free to call or write.",
        "Tot dan!": "See you then!",
        "Hartelijke groeten,": "Warm regards,",
        "{% if begeleider.naam %}Begeleider bij {{ team.naam }}{% endif %}":
            "{% if begeleider.naam %}Family support worker at {{ team.naam }}{% endif %}",
        "Uitnodiging voor ons rondetafelgesprek": "An invitation to our round-table meeting",
        "Beste {{ ontvanger.voornaam }},": "Dear {{ ontvanger.voornaam }},",
        "Wij, {{ gezin.in_zin }}, willen graag samen met een paar mensen rond de tafel zitten. " + U + "U "
        "bent belangrijk voor ons. Daarom nodigen we u uit" + E + "Jij bent belangrijk voor ons. Daarom "
        "nodigen we je uit" + END + " voor ons rondetafelgesprek.":
            "We, {{ gezin.in_zin }}, would like to sit around the table with a few people. You matter to "
            "us. That is why we invite you to our round-table meeting.",
        "Dat laten we " + U + "u" + E + "je" + END + " nog weten.": "We will let you know.",
        "Wij zijn er, met {{ genodigden_tekst }}.{% if begeleider.naam %} Ook {{ begeleider.naam }}, "
        "die ons begeleidt, is erbij.{% endif %}":
            "We will be there, with {{ genodigden_tekst }}.{% if begeleider.naam %} {{ begeleider.naam }}, "
            "who supports us, will be there too.{% endif %}",
        "Wij{% if begeleider.naam %} en {{ begeleider.naam }}, die ons begeleidt{% else %} en "
        + U + "u" + E + "jij" + END + "{% endif %}.":
            "We{% if begeleider.naam %} and {{ begeleider.naam }}, who supports us{% else %}, and "
            "you{% endif %}.",
        "Wat is een rondetafelgesprek?": "What is a round-table meeting?",
        "We zitten samen met de mensen die belangrijk zijn voor ons. We vertellen hoe het gaat: wat "
        "goed gaat en waar we hulp bij willen. Iedereen mag zeggen wat hij of zij denkt. Samen maken we "
        "afspraken: wat we doen, wie wat doet en tegen wanneer. Wij beslissen mee over alles wat we "
        "afspreken.":
            "We sit together with the people who matter to us. We tell how things are: what goes well "
            "and where we would like help. Everyone may say what they think. Together we agree what we "
            "do, who does what and by when. We have a say in everything we agree.",
        U + "Kunt u" + E + "Kun je" + END + " niet komen?": "Can't you come?",
        "Laat het dan zo snel mogelijk weten aan " + CONTACT + ". " + U + "Wilt u" + E + "Wil je" + END
        + " toch iets zeggen? Schrijf het op en geef het aan iemand mee, of vertel het vooraf aan "
        "{{ begeleider.voornaam or "
        "contact.naam }}. Dan nemen we het mee naar het gesprek.":
            "Please tell " + CONTACT + " as soon as you can. Would you still like to say something? "
            "Write it down and give it to someone who comes, or tell "
            "{{ begeleider.voornaam or contact.naam }} beforehand. We will take it to the meeting.",
        "We hopen dat " + U + "u" + E + "je" + END + " erbij bent.": "We hope you can be there.",
        "{% if begeleider.naam %}samen met {{ begeleider.naam }}, begeleider bij {{ team.naam }}"
        "{% endif %}":
            "{% if begeleider.naam %}with {{ begeleider.naam }}, {{ team.naam }}{% endif %}",
        "Verslag rondetafelgesprek": "Notes of the round-table meeting",
        "Verslag van ons rondetafelgesprek": "Notes of our round-table meeting",
        "{{ team.naam }} · ons kenmerk {{ dossier.nummer }} · pagina ":
            "{{ team.naam }} · our reference {{ dossier.nummer }} · page ",
        "{{ rondetafel.plaats or 'niet ingevuld' }}": "{{ rondetafel.plaats or 'not filled in' }}",
        "Soort gesprek": "Kind of meeting",
        "{{ rondetafel.soort or 'rondetafel' }}": "{{ rondetafel.soort or 'round-table' }}",
        "Aanwezig": "Present",
        "{{ rondetafel.aanwezig or 'niet ingevuld' }}": "{{ rondetafel.aanwezig or 'not filled in' }}",
        "Begeleider": "Support worker",
        "{{ begeleider.naam or 'nog niet gekend' }}": "{{ begeleider.naam or 'not known yet' }}",
        "Wat we bespraken": "What we talked about",
        "Het verslag is nog niet ingevuld.": "The notes are not written yet.",
        "Wat we afspraken": "What we agreed",
        "Hoe staan de afspraken van vorige keer?": "How are last time's agreements going?",
        "Rondetafel": "Round-table",
        "Doel": "Goal",
        "Wat doen we": "What we do",
        "Wie": "Who",
        "Wie helpt": "Who helps",
        "Tegen wanneer": "By when",
        "{{ a.tegen_wanneer|korte_datum or 'samen te bekijken' }}":
            "{{ a.tegen_wanneer|korte_datum or 'to agree together' }}",
        "We noteerden geen afspraken.": "We wrote down no agreements.",
        "We maakten geen nieuwe afspraken.": "We made no new agreements.",
        "Volgende keer": "Next time",
        "We zien elkaar terug op {{ rondetafel.volgende_wanneer }}.":
            "We meet again on {{ rondetafel.volgende_wanneer }}.",
        "We spreken samen een datum af.": "We choose a date together.",
        "Klopt er iets niet in dit verslag? Laat het weten aan " + CONTACT + ".":
            "Is something wrong in these notes? Please tell " + CONTACT + ".",
        "Ons gezinsplan": "Our family plan",
        "Dit plan is van ons. We schreven het samen met de mensen rond ons, in onze eigen woorden"
        "{% if plan.rondetafel %}, op ons rondetafelgesprek van {{ plan.rondetafel }}{% endif %}. Het "
        "zegt waar we sterk in zijn en waar we ons zorgen over maken. Het zegt ook wat we willen "
        "bereiken en wie ons daarbij helpt.":
            "This plan is ours. We wrote it with the people around us, in our own words"
            "{% if plan.rondetafel %}, at our round-table meeting of {{ plan.rondetafel }}{% endif %}. It "
            "says what we are good at and what we worry about. It also says what we want to reach and "
            "who helps us.",
        "Wie zijn wij?": "Who are we?",
        "Wij zijn {{ gezin.in_zin }}.{% if gezin.adres %} We wonen in {{ gezin.adres }}.{% endif %} "
        "{% if begeleider.naam %}{{ begeleider.naam }} van {% endif %}{{ team.naam }} "
        "{% if plan.afgesloten %}ging{% else %}gaat{% endif %} een tijd met ons mee."
        "{% if contact.bereikbaar %} We bereiken "
        "{{ begeleider.voornaam or 'het team' }} via {{ contact.bereikbaar }}.{% endif %}":
            "We are {{ gezin.in_zin }}.{% if gezin.adres %} We live at {{ gezin.adres }}.{% endif %} "
            "{% if begeleider.naam %}{{ begeleider.naam }} from {% endif %}{{ team.naam }} "
            "{% if plan.afgesloten %}walked{% else %}walks{% endif %} with us for a while."
            "{% if contact.bereikbaar %} We reach {{ begeleider.voornaam or 'the team' }} on "
            "{{ contact.bereikbaar }}.{% endif %}",
        "Let op: dit plan loopt niet meer. {{ team.naam }} ging met ons mee tot {{ plan.afgesloten }}.":
            "Please note: this plan is no longer running. {{ team.naam }} walked with us until "
            "{{ plan.afgesloten }}.",
        "Onze krachten": "Our strengths",
        "{{ gezin.krachten or 'Dat schrijven we samen op.' }}":
            "{{ gezin.krachten or 'We write this down together.' }}",
        "Onze zorgen": "Our worries",
        "{{ gezin.zorgen or 'Dat schrijven we samen op.' }}":
            "{{ gezin.zorgen or 'We write this down together.' }}",
        "Wat we hopen": "What we hope for",
        "{{ gezin.wensen or 'Dat schrijven we samen op.' }}":
            "{{ gezin.wensen or 'We write this down together.' }}",
        "Onze vragen en afspraken": "Our questions and what we agreed",
        "Wat we willen bereiken: {{ domein.vragen|join('; ') }}.":
            "What we want to reach: {{ domein.vragen|join('; ') }}.",
        "Hoe ver": "How far",
        "Hier maken we nog afspraken over.": "We will still agree on this.",
        "We maken onze afspraken samen op het eerste rondetafelgesprek.":
            "We agree together at the first round-table meeting.",
        "Ons netwerk": "Our network",
        "Deze mensen staan rond ons:": "These people are around us:",
        "Naam": "Name",
        "Wie is dit voor ons": "Who they are to us",
        "Organisatie": "Organisation",
        "We kiezen samen wie we erbij vragen.": "We choose together whom we ask.",
        "Wanneer kijken we samen terug?": "When do we look back together?",
        "Op {{ terugblik.wanneer }} kijken we samen terug: wat lukte, wat nog niet, en wat we anders "
        "willen doen.":
            "On {{ terugblik.wanneer }} we look back together: what worked, what did not work yet, and what "
            "we want to do differently.",
        "We spreken samen een datum af om terug te kijken. Wat lukte, wat nog niet, en wat willen we "
        "anders doen?":
            "We choose a date together to look back. What worked, what did not work yet, and what do we want "
            "to do differently?",
        "Zo spraken we het af": "This is what we agreed",
        "Datum: {{ plan.datum or vandaag }}": "Date: {{ plan.datum or vandaag }}",
        "Ons plan": "Our plan",
        "Hallo{% if kinderen_tekst %} {{ kinderen_tekst }}{% endif %}!":
            "Hello{% if kinderen_tekst %} {{ kinderen_tekst }}{% endif %}!",
        "Dit is ons plan. We maakten het samen. Hier staat wat we afspraken.":
            "This is our plan. We made it together. It says what we agreed.",
        "Let op: dit plan loopt niet meer. Het stopte op {{ plan.afgesloten|datum_zonder_dag }}.":
            "Please note: this plan has ended. It stopped on {{ plan.afgesloten|datum_zonder_dag }}.",
        "Waar we goed in zijn": "What we are good at",
        "Wat we willen": "What we want",
        "{% if a.met_kinderen %}★ {% endif %}{% if a.wie %}{{ a.wie }}: {% endif %}{{ a.wat }}."
        "{% if a.helpt %} {{ a.helpt }} helpt.{% endif %}{% if a.tegen_wanneer %} Tegen "
        "{{ a.tegen_wanneer|datum_zonder_dag }}.{% endif %}":
            "{% if a.met_kinderen %}★ {% endif %}{% if a.wie %}{{ a.wie }}: {% endif %}{{ a.wat }}."
            "{% if a.helpt %} "
            "{{ a.helpt }} helps.{% endif %}{% if a.tegen_wanneer %} By "
            "{{ a.tegen_wanneer|datum_zonder_dag }}.{% endif %}",
        "★ Daar doe{% if kinderen|length == 1 %} jij{% else %}n jullie{% endif %} aan mee.":
            "★ You take part in this.",
        "We maken samen afspraken. {% if kinderen|length == 1 %}Jij mag ook zeggen wat jij wil."
        "{% else %}Jullie mogen ook zeggen wat jullie willen.{% endif %}":
            "We agree together. You may say what you want too.",
        "Wie helpt ons?": "Who helps us?",
        "{% if helpers_tekst %}We krijgen hulp van {{ helpers_tekst }}.{% else %}We kiezen samen wie "
        "ons helpt.{% endif %}":
            "{% if helpers_tekst %}We get help from {{ helpers_tekst }}.{% else %}We choose together who "
            "helps us.{% endif %}",
        "Wanneer praten we weer?": "When do we talk again?",
        "{% if terugblik.datum %}Op {{ terugblik.datum }} praten we weer samen.{% else %}We kiezen "
        "samen een dag om weer te praten.{% endif %}":
            "{% if terugblik.datum %}On {{ terugblik.datum }} we talk together again.{% else %}We choose "
            "a day together to talk again.{% endif %}",
        "{% if kinderen|length == 1 %}Wil je iets vragen?{% else %}Willen jullie iets vragen?"
        "{% endif %} Vraag het aan {{ begeleider.voornaam or contact.naam }}.":
            "Do you have a question? Ask {{ begeleider.voornaam or contact.naam }}.",
        "Mijn tekening": "My drawing",
        "{% if kinderen|length == 1 %}Teken hier wat jij belangrijk vindt.{% else %}Teken hier wat "
        "jullie belangrijk vinden.{% endif %}":
            "Draw here what matters to you.",
    },
}
