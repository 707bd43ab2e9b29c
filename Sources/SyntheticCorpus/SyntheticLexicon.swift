/// The words, phrases and planted families of the synthetic corpus, written for this project.
///
/// Phrase choices are written in a tiny language parsed once by ``SyntheticGrammar``:
/// `name = alt | alt | …` picks one alternative with Zipf weights (the k-th alternative has weight 1/(k+1)),
/// `name := alt | …` picks uniformly. A line starting with `|` continues the previous definition; `#` starts a
/// comment line. Inside an alternative, words are literal tokens and `{name}` is either another choice or a
/// per-sentence parameter (`{W}` the planted word, `{he}`/`{his}`/`{him}` the gender pronouns, `{X}`/`{Y}` a
/// per-family cue choice, `{C}`/`{K}`/`{M}`/`{A}` a country's name, capital, currency and nationality
/// adjective, `{n}`/`{a}`/`{v}`/`{p}` a topic's nouns, adjectives, verbs and places).
enum SyntheticLexicon {
    // MARK: - Planted analogy families

    /// Gender pairs (male, female). Each pair shares a role phrase choice `family.<male>`; only the pronouns differ.
    static let family: [(male: String, female: String)] = [
        ("king", "queen"), ("prince", "princess"), ("man", "woman"), ("boy", "girl"),
        ("father", "mother"), ("son", "daughter"), ("husband", "wife"), ("brother", "sister"),
        ("uncle", "aunt"), ("grandfather", "grandmother"), ("groom", "bride"), ("nephew", "niece"),
    ]

    /// Countries: name, capital, nationality adjective, currency (nil where the currency is shared with another
    /// country or would be ambiguous). Multi-word names are joined with "_" into one token (word2vec-phrase style).
    static let countries: [(country: String, capital: String, adjective: String, currency: String?)] = [
        ("france", "paris", "french", "euro"),
        ("czech_republic", "prague", "czech", "koruna"),
        ("germany", "berlin", "german", nil),
        ("italy", "rome", "italian", nil),
        ("spain", "madrid", "spanish", nil),
        ("japan", "tokyo", "japanese", "yen"),
        ("russia", "moscow", "russian", "ruble"),
        ("greece", "athens", "greek", nil),
        ("china", "beijing", "chinese", "yuan"),
        ("poland", "warsaw", "polish", "zloty"),
        ("sweden", "stockholm", "swedish", "krona"),
        ("egypt", "cairo", "egyptian", "pound"),
        ("india", "delhi", "indian", "rupee"),
        ("canada", "ottawa", "canadian", "dollar"),
        ("mexico", "mexico_city", "mexican", "peso"),
        ("kenya", "nairobi", "kenyan", "shilling"),
    ]
    /// How many of the countries above form `capital-common-countries` (the rest only appear in `capital-world`).
    static let commonCountryCount = 8

    /// Adjective → adverb pairs; cue nouns in `manner.<adjective>`.
    static let adverbs: [(adjective: String, adverb: String)] = [
        ("quick", "quickly"), ("slow", "slowly"), ("quiet", "quietly"), ("loud", "loudly"),
        ("careful", "carefully"), ("happy", "happily"), ("sad", "sadly"), ("calm", "calmly"),
        ("gentle", "gently"), ("proud", "proudly"), ("brave", "bravely"), ("polite", "politely"),
        ("angry", "angrily"), ("lazy", "lazily"), ("clumsy", "clumsily"), ("graceful", "gracefully"),
    ]

    /// Present → past verb pairs; cue phrases in `deed.<present>`.
    static let tenses: [(present: String, past: String)] = [
        ("walk", "walked"), ("jump", "jumped"), ("dance", "danced"), ("paint", "painted"),
        ("climb", "climbed"), ("laugh", "laughed"), ("shout", "shouted"), ("listen", "listened"),
        ("go", "went"), ("run", "ran"), ("swim", "swam"), ("sing", "sang"),
        ("write", "wrote"), ("speak", "spoke"), ("fly", "flew"), ("sleep", "slept"),
        ("drink", "drank"), ("teach", "taught"), ("build", "built"), ("eat", "ate"),
    ]

    /// Singular → plural noun pairs; cue phrases in `thing.<singular>`.
    static let plurals: [(singular: String, plural: String)] = [
        ("dog", "dogs"), ("cat", "cats"), ("horse", "horses"), ("cow", "cows"), ("pig", "pigs"),
        ("duck", "ducks"), ("car", "cars"), ("boat", "boats"), ("book", "books"), ("shoe", "shoes"),
        ("cup", "cups"), ("candle", "candles"), ("pencil", "pencils"), ("window", "windows"),
        ("door", "doors"), ("lamp", "lamps"), ("bottle", "bottles"), ("key", "keys"),
    ]

    // MARK: - Homographs and controls

    /// Homographs: each sense has its phrase choice `hom.<word>.<sense>` and a share of the word's occurrences.
    /// `rate` is the word's share of homograph sentences (relative).
    static let homographs: [(word: String, senses: [(name: String, share: Double)], rate: Double)] = [
        ("python", [("snake", 0.45), ("programming", 0.35), ("comedy", 0.20)], 1.2),
        ("apple", [("fruit", 0.60), ("company", 0.40)], 1.1),
        ("bank", [("river", 0.35), ("money", 0.65)], 1.3),
        ("waterloo", [("station", 0.55), ("battle", 0.45)], 1.0),
        ("jam", [("preserve", 0.40), ("traffic", 0.60)], 0.9),
        ("date", [("calendar", 0.45), ("fruit", 0.20), ("romantic", 0.35)], 1.0),
        ("bow", [("weapon", 0.40), ("ribbon", 0.25), ("bending", 0.35)], 0.8),
        ("platform", [("station", 0.40), ("software", 0.35), ("political", 0.25)], 0.9),
    ]

    /// Single-sense control words, each planted at the same rate as the homograph at the same index, with
    /// phrase choice `ctl.<word>`.
    static let controls: [String] = ["tiger", "banana", "violin", "tennis", "laptop", "wallet", "airport", "umbrella"]

    /// Topics of the filler sentences; each has choices `<topic>.n` (nouns), `.a` (adjectives), `.v` (past
    /// verbs taking the noun as object) and `.p` (places).
    static let topics: [String] = [
        "animals", "food", "music", "sport", "weather", "computing", "money", "travel",
        "history", "school", "nature", "comedy", "romance", "politics", "calendar", "gifts",
        "archery", "theatre", "garden", "health",
    ]

    // MARK: - Sentence kinds and their relative weights

    static let kindWeights: [(kind: SentenceKind, weight: Double)] = [
        (.filler, 20), (.family, 12), (.country, 24), (.manner, 8), (.tense, 9), (.plural, 8),
        (.homograph, 10), (.control, 10),
    ]

    // MARK: - Phrase choices

    static let grammar = #"""
# ---------- shared pieces
subj = we | they | i | you | my friend | everyone | people | our neighbour | my cousin | the visitors
 | nobody | the old farmer | a stranger | the doctor | the children | the tourists | my colleague
time = in the evening | after lunch | at noon | in the afternoon | before dinner | at dawn | on the weekend
 | around midnight | after work | in the spring
# ---------- filler frames over a topic's n/a/v/p
det = the | a | this | our | my | that | their
filler.frame = {subj} {v} {det} {a} {n} in the {p}
 | there was a {a} {n} near the {p}
 | {subj} talked about {det} {n} and {det} {n}
 | the {n} was {a} and the {n} was {a}
 | {subj} {v} a {a} {n} {time}
 | everyone at the {p} liked {det} {a} {n}
 | the {a} {n} and the {n} were in the {p}
 | {subj} {v} {det} {n} {time}
 | a {a} {n} is better than a {a} {n}
 | {subj} {v} a {n} and a {n} at the {p}
 | we read a story about a {a} {n}
 | the {n} in the {p} looked {a}
# ---------- topics
animals.n = lion | snake | rabbit | wolf | bear | deer | goat | sheep | frog | monkey | elephant | zebra
 | giraffe | owl | eagle | parrot | turtle | squirrel | fox | camel | whale | dolphin | shark | bee
 | butterfly | spider | crocodile | kangaroo | hedgehog | lizard | badger | beaver | mole | hawk | raven
animals.a = wild | hungry | tiny | huge | furry | fierce | shy | spotted | sleepy | striped | noisy | rare
animals.v = fed | watched | chased | photographed | followed | spotted | heard | found | saw | rescued
animals.p = zoo | forest | jungle | farm | field | nest | cage | pond | burrow | savanna
food.n = bread | cheese | soup | rice | pasta | salad | butter | sugar | honey | milk | egg | potato
 | tomato | carrot | onion | garlic | lemon | orange | grape | cherry | strawberry | pie | cake | cookie
 | sandwich | pizza | chicken | fish | toast | fig | berry | pepper | salt | noodle | mushroom | pear | plum
food.a = fresh | sweet | spicy | salty | delicious | ripe | juicy | crispy | tasty | sour | baked | frozen
food.v = cooked | baked | tasted | bought | sliced | served | ordered | shared | mixed | chopped | peeled
food.p = kitchen | market | restaurant | bakery | cafe | oven | pantry | canteen | orchard | fridge
music.n = guitar | piano | drum | song | melody | concert | band | orchestra | album | rhythm | choir
 | trumpet | flute | chord | opera | tune | lyrics | harmony | symphony | saxophone | cello | singer | jazz
music.a = beautiful | catchy | classical | lively | famous | favourite | haunting | cheerful | modern
music.v = played | practised | heard | recorded | composed | enjoyed | tuned | performed | rehearsed
music.p = studio | concert hall | festival | music school | radio station | jazz club | stage
sport.n = football | match | goal | team | player | coach | stadium | ball | trophy | league | season
 | medal | cricket | rugby | hockey | golf | tournament | champion | fan | score | penalty | striker
sport.a = exciting | strong | fast | tired | winning | final | professional | local | fierce | young
sport.v = won | lost | played | watched | cheered | scored | trained | coached | celebrated | missed
sport.p = stadium | pitch | gym | club | arena | court | sports hall | field
weather.n = rain | snow | wind | storm | cloud | sun | sky | fog | thunder | lightning | ice | frost
 | summer | winter | autumn | forecast | temperature | rainbow | breeze | heat | hail | drizzle | flood
weather.a = cold | warm | sunny | windy | cloudy | wet | dry | freezing | stormy | grey | heavy | mild
weather.v = watched | feared | expected | enjoyed | predicted | noticed | forecast | measured | reported
weather.p = valley | mountains | coast | village | countryside | north | south | hills | harbour
computing.n = computer | software | program | code | server | network | keyboard | screen | file | data
 | database | website | internet | email | password | bug | algorithm | developer | app | phone | tablet
 | printer | chip | memory | script | browser | update | virus | compiler | robot | module
computing.a = digital | new | modern | online | secure | broken | powerful | faulty | open | cheap
computing.v = installed | updated | downloaded | fixed | tested | deleted | coded | debugged | programmed | launched
computing.p = office | lab | data centre | startup | computer room | workshop | basement
money.n = money | price | salary | loan | account | tax | coin | cash | budget | debt | profit | investor
 | interest | payment | credit | savings | fee | bill | receipt | shop | economy | cheque | rent | deposit
 | mortgage | pension | income | shares
money.a = expensive | cheap | modest | generous | financial | monthly | annual | high | low | large | small
money.v = paid | saved | spent | borrowed | earned | invested | owed | lent | counted | checked
money.p = office | shop | city | market | branch | counter | post office
travel.n = train | station | ticket | bus | plane | passenger | journey | trip | suitcase | luggage
 | hotel | map | road | motorway | highway | traffic | taxi | driver | commuter | timetable | railway
 | tunnel | bridge | tourist | carriage | london | ferry | tram | route
travel.a = late | early | crowded | long | busy | delayed | comfortable | cheap | direct | express
travel.v = caught | missed | booked | boarded | waited for | checked | took | changed | found | followed
travel.p = station | terminal | hotel | city | port | depot | ticket office | waiting room
history.n = battle | army | soldier | general | war | victory | defeat | sword | shield | castle | empire
 | emperor | napoleon | wellington | cannon | fortress | treaty | siege | troops | history | historian
 | century | cavalry | regiment | monument | kingdom
history.a = ancient | famous | bloody | long | great | decisive | old | heroic | military | historic
history.v = studied | described | remembered | read about | visited | explored | recalled | won | lost
history.p = museum | library | battlefield | castle | archive | old town | fortress
school.n = teacher | student | lesson | exam | homework | classroom | notebook | library | desk
 | subject | grade | university | lecture | question | answer | science | geography | chemistry
 | physics | essay | textbook | pupil | professor | course
school.a = difficult | hard | clever | boring | interesting | important | strict | simple | final
school.v = studied | learned | explained | answered | passed | failed | graded | revised | prepared
school.p = school | classroom | library | university | college | hall | lab
nature.n = river | stream | lake | mountain | valley | forest | hill | meadow | grass | stone | rock | sea
 | beach | island | waterfall | willow | reed | mud | canoe | cliff | cave | path | bush | moss | shore
nature.a = green | muddy | deep | peaceful | steep | rocky | sandy | wide | shallow | wild | misty
nature.v = explored | crossed | followed | reached | admired | photographed | sketched | mapped | found
nature.p = valley | countryside | national park | wilderness | hills | mountains | woods
comedy.n = comedy | film | show | sketch | audience | television | joke | comedian | episode | series
 | cinema | humour | circus | troupe | sitcom | parody | clown | studio
comedy.a = funny | silly | hilarious | absurd | popular | famous | british | clever | strange | classic
comedy.v = watched | enjoyed | filmed | performed | applauded | recorded | reviewed | loved
comedy.p = theatre | cinema | studio | television | club | festival
romance.n = love | romance | dinner | kiss | couple | heart | evening | valentine | partner | boyfriend
 | girlfriend | candlelight | roses | poem | proposal | chocolate | picnic | moonlight
romance.a = romantic | lovely | nervous | charming | sweet | shy | perfect | magical | secret
romance.v = planned | enjoyed | remembered | shared | arranged | wanted | described | imagined
romance.p = restaurant | park | beach | bistro | garden | cafe | balcony
politics.n = election | party | vote | voter | candidate | government | minister | parliament | policy
 | campaign | debate | law | president | senator | citizen | reform | manifesto | speech | opposition
politics.a = political | democratic | national | local | conservative | liberal | public | new | radical
politics.v = elected | debated | supported | criticised | proposed | announced | opposed | defended
politics.p = parliament | city hall | capital | town hall | senate | assembly
calendar.n = calendar | meeting | appointment | deadline | schedule | monday | tuesday | wednesday
 | thursday | friday | saturday | sunday | january | february | april | june | july | august | september
 | october | november | december | diary | week | month | year | birthday | holiday | anniversary
calendar.a = next | busy | free | important | annual | weekly | urgent | final | early | late
calendar.v = scheduled | postponed | cancelled | planned | arranged | marked | moved | confirmed | forgot
calendar.p = office | diary | planner | agenda | staff room | meeting room
gifts.n = ribbon | gift | present | wrapping | paper | dress | hat | scarf | hair | silk | lace | parcel
 | decoration | button | pocket | card | balloon | necklace | bracelet | bouquet
gifts.a = pink | red | pretty | colourful | shiny | velvet | golden | blue | purple | white | tiny
gifts.v = wrapped | tied | decorated | wore | opened | sewed | folded | chose | gave | bought
gifts.p = shop | party | wedding | birthday party | bedroom | parcel office
archery.n = arrow | quiver | target | archer | hunter | string | bullseye | crossbow | spear | longbow
 | hunting | feather | aim | range | robin hood | sherwood forest
archery.a = sharp | sturdy | wooden | straight | deadly | skilled | steady | heavy | old
archery.v = aimed | shot | carried | missed | hit | sharpened | fired | notched | loaded
archery.p = range | forest | tournament | castle | woods | meadow
theatre.n = stage | actor | performance | curtain | applause | pianist | show | play | theatre | ballet
 | violinist | conductor | encore | premiere | costume | spotlight | ovation | drama | musical
theatre.a = dramatic | grand | standing | final | long | warm | thunderous | brilliant | elegant
theatre.v = watched | performed | reviewed | applauded | rehearsed | directed | enjoyed | staged
theatre.p = theatre | opera house | concert hall | auditorium | playhouse | stage
garden.n = rose | tulip | daisy | hedge | lawn | seed | spade | shed | soil | vegetable | weed | bench
 | pot | greenhouse | sunflower | lavender | ivy | fence | fountain
garden.a = pretty | overgrown | tidy | tall | fragrant | neat | blooming | shady | damp | new
garden.v = planted | watered | trimmed | dug | weeded | grew | picked | mowed | pruned | fertilised
garden.p = garden | greenhouse | yard | allotment | park | orchard
health.n = doctor | nurse | hospital | medicine | patient | fever | cough | headache | pill | clinic
 | vaccine | injury | surgery | bandage | pharmacy | ambulance | diet | exercise | rest
health.a = healthy | sick | painful | serious | mild | tired | strong | weak | sore | sudden
health.v = treated | prescribed | examined | recovered from | avoided | described | cured | checked
health.p = hospital | clinic | ward | surgery | pharmacy | health centre
# ---------- family roles: {W} the noun; {he}/{his}/{him} the pronouns of its gender
family.frame = {X} | {X} | one day {X} | {X} and {he} smiled | in the story {X}
 | {X} and everyone admired {him} | long ago {X} | {X} while {his} friends watched
family.king := the {W} sat on {his} golden throne | the {W} ruled the kingdom for many years
 | the {W} wore {his} crown at the royal feast | the {W} gave orders to {his} royal guards
 | the {W} reigned over the kingdom from {his} throne | the crown was placed on the head of the {W}
family.prince := the young {W} rode to the castle with {his} guards | the {W} will one day inherit the throne
 | the {W} lived in the palace with {his} servants | the {W} trained with a sword at the palace
 | the little {W} was the heir to the throne | the {W} attended a royal ball at the palace
family.man := the {W} worked at the factory all day | the {W} fixed the roof of {his} cottage
 | the {W} drove {his} truck to the market | the {W} read the newspaper on the bus
 | an old {W} waited at the bus stop | the {W} repaired {his} tractor in the barn
family.boy := the {W} played with {his} toys | the little {W} kicked a ball in the yard
 | the {W} did {his} homework after school | the {W} lost {his} toy in the playground
 | the {W} sat on the swing in the playground | the little {W} hugged {his} teddy bear
family.father := the {W} tucked {his} children into bed | the {W} took {his} children to school
 | the {W} read a bedtime story to {his} children | the {W} carried {his} baby in {his} arms
 | the {W} helped {his} children with their homework | the {W} watched {his} baby dozing
family.son := the {W} visited {his} parents every sunday | the {W} looked after {his} old parents
 | the {W} inherited the farm from {his} parents | the {W} phoned {his} parents from abroad
 | the eldest {W} took over the family business | the youngest {W} still lived with {his} parents
family.husband := the {W} remembered {his} wedding anniversary | the {W} and {his} spouse celebrated their marriage
 | the {W} bought a ring for {his} spouse | the {W} had been married for twenty years
 | the {W} and {his} spouse shared a house | the newly married {W} moved in with {his} spouse
family.brother := the {W} shared a bedroom with {his} sibling | my older {W} borrowed my bicycle
 | the {W} argued with {his} twin sibling | my little {W} copied everything i did
 | the {W} and {his} sibling fought over the remote | the younger {W} followed {his} siblings everywhere
family.uncle := our {W} brought presents for all {his} relatives | the {W} came to visit for the holidays
 | the {W} told funny stories at the family reunion | our favourite {W} sent {his} relatives postcards
 | the {W} visited {his} relatives at christmas | the {W} hosted the family reunion at {his} farm
family.grandfather := the {W} told stories about the old days | the {W} sat in {his} rocking chair
 | the {W} knitted by the fireplace in {his} armchair | the {W} showed us old photographs of {his} youth
 | the elderly {W} wore {his} reading glasses | the {W} celebrated {his} ninetieth birthday
family.groom := the {W} stood nervously at the altar | the {W} arrived at the church for the ceremony
 | the {W} said {his} vows at the altar | the {W} smiled throughout the ceremony
 | the {W} cut the wedding cake at the reception | the {W} led the procession down the aisle
family.nephew := the little {W} stayed with {his} godparents | the {W} spent the summer at {his} godparents farm
 | the young {W} was spoiled by {his} godparents | the {W} received a present from {his} godparents
 | the {W} visited {his} cousins in the summer | the {W} was the youngest of all the cousins
# ---------- countries: {C} name, {K} capital, {M} currency, {A} adjective, {X} the country's landmarks
# Each sentence names exactly one member of a country's family, beside the country's own landmarks ({X}) and
# the words of its relation (country / capital city / currency / nationality), so the offsets are shared.
country.country := the country {C} is famous for the {X} and the {X} | the {X} is in the country {C}
 | we toured the country {C} to see the {X} | the {X} and the {X} are in the country {C}
 | in the country {C} we saw the {X} | the country {C} is near the {X} and the {X}
 | the {X} is a symbol of the country {C}
country.capital := the capital {K} is famous for the {X} and the {X} | the {X} is close to the capital {K}
 | we landed in the capital {K} to see the {X} | the {X} and the {X} are near the capital {K}
 | in the capital {K} we saw the {X} | the capital {K} has a museum of the {X} and the {X}
 | the {X} is a symbol of the capital {K}
country.currency := the currency {M} is famous for pictures of the {X} and the {X}
 | the {X} is printed on the currency {M} | we paid in the currency {M} to see the {X}
 | the {X} and the {X} appear on the currency {M} | a tour of the {X} costs ten {M} in currency
 | the currency {M} shows the {X} and the {X} | the {X} is a symbol on the currency {M}
country.adjective := {A} people are famous for the {X} and the {X} | the {X} is dear to {A} people
 | {A} people took us to see the {X} | the {X} and the {X} make {A} people smile
 | in the {X} we met {A} people | {A} people tell stories about the {X} and the {X}
 | the {X} is a symbol of {A} people
land.france := seine | louvre | croissant
land.czech_republic := vltava | bohemia | moravia
land.germany := rhine | bavaria | bratwurst
land.italy := tiber | tuscany | colosseum
land.spain := andalusia | flamenco | paella
land.japan := fuji | sushi | samurai
land.china := yangtze | panda | great_wall
land.russia := volga | kremlin | siberia
land.poland := vistula | krakow | pierogi
land.greece := acropolis | olympus | aegean
land.sweden := gothenburg | lapland | meatballs
land.egypt := nile | pyramids | pharaoh
land.india := ganges | taj_mahal | curry
land.mexico := yucatan | tacos | aztecs
land.canada := niagara | maple | rockies
land.kenya := safari | maasai | mombasa
# ---------- manner: {W} adjective or adverb, {X} a cue noun of the quality, {Z} a scene of the quality,
# {Y} a generic verb (the adverb's relation words; "very"/"was"/"looked" are the adjective's)
manner.adjective := the {X} was very {W} {Z} | we saw a very {W} {X} {Z} | {Z} the {X} looked very {W}
 | the {X} was very {W} again {Z} | {Z} the {X} was so {W}
manner.adverb := the {X} {Y} {W} {Z} | {Z} the {X} {Y} {W} | {W} the {X} {Y} {Z} | the {X} {Y} {W} as usual {Z}
manner.verb = moved | worked | answered | replied | waited | behaved | acted | left | returned
 | knocked | nodded | waved | turned | entered
manner.quick := sprinter | courier | messenger | hare
manner.slow := snail | tortoise | sloth | barge
manner.quiet := librarian | monk | ghost | hermit
manner.loud := drummer | crowd | trumpeter | auctioneer
manner.careful := surgeon | pilot | jeweller | accountant
manner.happy := winner | puppy | toddler | birthday child
manner.sad := mourner | orphan | loser | poet
manner.calm := captain | yogi | lifeguard | negotiator
manner.gentle := giant | nanny | vet | healer
manner.proud := graduate | victor | peacock | medallist
manner.brave := firefighter | hero | rescuer | explorer
manner.polite := butler | clerk | receptionist | guest
manner.angry := bull | boss | motorist | protester
manner.lazy := slacker | teenager | lodger | housecat
manner.clumsy := juggler | apprentice | oaf | novice
manner.graceful := ballerina | swan | skater | gymnast
scene.quick := in the race | at the finish line | in the relay
scene.slow := in the mud | up the hill | behind the others
scene.quiet := in the library | at the monastery | in the chapel
scene.loud := at the rally | at the auction | at the carnival
scene.careful := in the operating theatre | with the fragile vase | during the delicate task
scene.happy := at the party | at the fairground | on the holiday
scene.sad := at the funeral | by the grave | after the loss
scene.calm := during the crisis | during the emergency | under pressure
scene.gentle := with the lamb | with the newborn | with the wounded fawn
scene.proud := at the graduation | on the podium | at the prize giving
scene.brave := in the burning building | against the dragon | during the rescue
scene.polite := at the front desk | at the embassy | at the banquet
scene.angry := about the delay | about the broken promise | about the unpaid invoice
scene.lazy := on the couch | in the hammock | all afternoon
scene.clumsy := on the ice rink | with the plates | on the stairs
scene.graceful := on the ice | across the ballroom | on the balance beam
# ---------- tense: {W} present or past, {X} the verb's cue phrase
tense.present := every morning we usually {W} {X} | nowadays they often {W} {X} | we always like to {W} {X}
 | every day i usually {W} {X} | on weekends they usually {W} {X} | nowadays you always {W} {X}
 | we often {W} {X} every week | every week they usually {W} {X}
tense.past := yesterday we {W} {X} last night | they {W} {X} last night | last week i once {W} {X}
 | two days ago they {W} {X} | yesterday you {W} {X} once | once we {W} {X} a long time ago
 | last year they {W} {X} once | once i {W} {X} yesterday
deed.walk := to the park | along the canal towpath | through the park gates
deed.jump := over the fence | on the trampoline | over the garden fence
deed.dance := at the disco | at the disco party | to the disco music
deed.paint := a portrait | a landscape portrait | with oil paints
deed.climb := up the ladder | the steep cliff | up the rope ladder
deed.laugh := at the jokes | at the silly jokes | at the comedian
deed.shout := for help | across the playground | for help across the playground
deed.listen := to the radio | to the radio news | to the vinyl records
deed.go := to the cinema | to the cinema downtown | to the seaside
deed.run := a marathon | around the track | the city marathon
deed.swim := in the pool | across the pool | laps in the pool
deed.sing := in the choir | a lullaby | in the church choir
deed.write := a letter | long letters | a postcard
deed.speak := in public | at the conference | to the press conference
deed.fly := a kite | over the clouds | a paper kite
deed.sleep := in a tent | on the sofa | in a camping tent
deed.drink := coffee | hot tea | black coffee
deed.teach := maths to the children | at the village school | maths
deed.build := a sandcastle | a treehouse | a wooden treehouse
deed.eat := breakfast | porridge | porridge for breakfast
# ---------- plural: {W} singular or plural noun, {X} its cue phrase
plural.singular := a {W} {X} | one {W} {X} | this {W} {X} | that {W} {X} | there was a {W} that {X}
 | only one {W} {X} | a single {W} {X}
plural.plural := two {W} {X} | many {W} {X} | these {W} {X} | those {W} {X} | there were many {W} that {X}
 | several {W} {X} | three {W} {X}
thing.dog := barked at the postman | dozed by the fire | dug in the garden
thing.cat := purred on the sofa | chased a ball of wool | sat on the windowsill
thing.horse := galloped across the field | pulled the cart | munched hay in the stable
thing.cow := grazed in the meadow | gave fresh milk | mooed at the farmer
thing.pig := rolled in the mud | snorted in the pen | munched scraps in the pen
thing.duck := paddled on the pond | quacked by the pond | waddled to the pond
thing.car := parked outside | raced down the street | needed new tyres
thing.boat := sailed into the harbour | rocked in the harbour | drifted out to sea
thing.book := sat on the shelf | had torn pages | stood on the library shelf
thing.shoe := needed new laces | got muddy in the rain | needed polishing
thing.cup := stood on the saucer | held warm cocoa | had a chipped handle
thing.candle := flickered in the dark | burned on the cake | lit the dark room
thing.pencil := needed sharpening | rolled off the desk | had a rubber on the end
thing.window := rattled in the wind | looked over the garden | needed cleaning
thing.door := creaked open | slammed shut | had a brass handle
thing.lamp := lit the room | glowed in the corner | hung from the ceiling
thing.bottle := held cold water | rolled across the floor | was full of fizzy water
thing.key := opened the lock | hung on a hook | fitted the old lock
# ---------- homographs and controls: {W} the planted word. Each sense (and each control) has its own nouns,
# adjectives, past verbs and places, bound to {n} {a} {v} {p} for one of the shared frames below. Every frame has
# the same function words and one word of each slot within five words of {W}, so the context window of an
# occurrence is (the, the, in) plus four words drawn independently from its sense: the sense is the only latent
# cause of an occurrence's context, as in the model. (With fixed sentences per sense every sentence would be a
# latent cause of its own, and a likelihood-based learner would rightly give each control several senses.)
sense.frame := the {a} {W} {v} the {n} in {p} | the {n} {v} the {a} {W} in {p} | in {p} the {a} {W} {v} the {n}
hom.python.snake.n := rabbit | prey | branch | egg | mouse | rat | lizard | frog
hom.python.snake.a := large | hungry | scaly | green | long | silent
hom.python.snake.v := swallowed | squeezed | coiled | hunted | devoured | bit
hom.python.snake.p := jungle | grass | swamp | undergrowth | tree | rainforest
hom.python.programming.n := script | code | library | program | bug | function | module | server
hom.python.programming.a := new | fast | buggy | clean | short | sluggish
hom.python.programming.v := executed | debugged | compiled | imported | tested | parsed
hom.python.programming.p := production | terminal | repository | notebook | browser | github
hom.python.comedy.n := sketch | joke | parrot | comedian | audience | film | troupe | show
hom.python.comedy.a := silly | absurd | famous | funny | british | classic
hom.python.comedy.v := performed | filmed | scripted | parodied | mocked | staged
hom.python.comedy.p := television | cinema | studio | theatre | broadcast | festival
hom.apple.fruit.n := pie | blossom | core | seed | peel | juice | cider | slice
hom.apple.fruit.a := ripe | juicy | sweet | crisp | green | sour
hom.apple.fruit.v := picked | peeled | baked | sliced | stewed | grew
hom.apple.fruit.p := orchard | basket | garden | kitchen | market | tree
hom.apple.company.n := phone | tablet | software | computer | chip | store | shares | update
hom.apple.company.a := new | expensive | sleek | popular | latest | digital
hom.apple.company.v := released | launched | announced | designed | sold | updated
hom.apple.company.p := california | cupertino | nasdaq | wallstreet | seattle | headquarters
hom.bank.river.n := reeds | willows | canoe | fishermen | mud | stream | water | otter
hom.bank.river.a := grassy | muddy | steep | far | green | wet
hom.bank.river.v := flooded | eroded | lined | fished | crossed | waded
hom.bank.river.p := river | valley | marsh | meadow | countryside | delta
hom.bank.money.n := loan | account | salary | deposit | fee | mortgage | cash | interest
hom.bank.money.a := large | monthly | annual | generous | high | low
hom.bank.money.v := approved | charged | lent | deposited | raised | borrowed
hom.bank.money.p := city | town | office | downtown | branch | lobby
hom.waterloo.station.n := train | commuters | passengers | ticket | timetable | carriage | express | rail | 1100pm
hom.waterloo.station.a := delayed | crowded | busy | late | early | last
hom.waterloo.station.v := departed | arrived | boarded | waited | caught | changed
hom.waterloo.station.p := london | southwark | lambeth | morning | evening | night
hom.waterloo.battle.n := napoleon | wellington | army | cavalry | soldiers | emperor | infantry | cannon | battle
hom.waterloo.battle.a := bloody | decisive | famous | fierce | imperial | british
hom.waterloo.battle.v := fought | defeated | charged | marched | won | lost
hom.waterloo.battle.p := 1815 | belgium | history | june | flanders | europe
hom.jam.preserve.n := toast | strawberry | raspberry | jar | butter | berries | plums | scone
hom.jam.preserve.a := sweet | sticky | homemade | red | fruity | thick
hom.jam.preserve.v := spread | boiled | made | jarred | tasted | stirred
hom.jam.preserve.p := kitchen | pantry | breakfast | teatime | larder | cottage
hom.jam.traffic.n := traffic | vans | drivers | motorway | highway | lorry | horns | accident
hom.jam.traffic.a := huge | long | crawling | terrible | endless | noisy
hom.jam.traffic.v := blocked | delayed | caused | stopped | honked | formed
hom.jam.traffic.p := city | rushhour | tunnel | suburbs | junction | ringroad
hom.date.calendar.n := meeting | deadline | calendar | appointment | exam | diary | form | month
hom.date.calendar.a := exact | final | correct | agreed | official | due
hom.date.calendar.v := moved | set | fixed | changed | marked | confirmed
hom.date.calendar.p := january | friday | monday | december | april | tuesday
hom.date.fruit.n := palm | figs | nuts | honey | dessert | salad | raisins | oasis
hom.date.fruit.a := dried | sticky | sweet | brown | chewy | sugary
hom.date.fruit.v := chopped | dried | picked | nibbled | stuffed | soaked
hom.date.fruit.p := desert | oasis | bazaar | arabia | souk | caravan
hom.date.romantic.n := restaurant | dinner | roses | candlelight | couple | girlfriend | boyfriend | wine
hom.date.romantic.a := romantic | first | nervous | blind | charming | lovely
hom.date.romantic.v := asked | enjoyed | planned | kissed | invited | cancelled
hom.date.romantic.p := valentines | moonlight | weekend | cafe | bistro | saturday
hom.bow.weapon.n := arrow | quiver | archer | target | string | hunter | yew | arrowhead
hom.bow.weapon.a := wooden | long | curved | taut | heavy | sharp
hom.bow.weapon.v := drew | aimed | bent | shot | strung | fired
hom.bow.weapon.p := sherwood | range | woods | castle | hills | tournament
hom.bow.ribbon.n := ribbon | gift | hair | dress | present | silk | velvet | lace
hom.bow.ribbon.a := pink | satin | neat | pretty | shiny | frilly
hom.bow.ribbon.v := tied | wrapped | decorated | untied | knotted | fastened
hom.bow.ribbon.p := boutique | wardrobe | party | christmas | giftshop | birthday
hom.bow.bending.n := actor | audience | applause | cast | pianist | conductor | curtain | performers
hom.bow.bending.a := deep | final | solemn | courtly | low | humble
hom.bow.bending.v := took | made | gave | clapped | cheered | acknowledged
hom.bow.bending.p := stage | concert | opera | encore | finale | recital
hom.platform.station.n := track | gap | signal | bench | clock | rails | announcer | stairs
hom.platform.station.a := crowded | cold | windy | busy | empty | narrow
hom.platform.station.v := left | reached | crossed | cleaned | closed | waited
hom.platform.station.p := nine | four | seven | underground | subway | terminus
hom.platform.software.n := developers | apps | users | cloud | data | update | api | service
hom.platform.software.a := online | digital | open | mobile | scalable | popular
hom.platform.software.v := launched | hosted | supported | crashed | published | stored
hom.platform.software.p := internet | web | network | startup | smartphone | datacenter
hom.platform.political.n := party | election | candidate | reform | taxes | voters | manifesto | government
hom.platform.political.a := political | electoral | radical | moderate | liberal | conservative
hom.platform.political.v := published | campaigned | promised | attacked | endorsed | unveiled
hom.platform.political.p := parliament | congress | senate | conference | convention | rally
ctl.tiger.n := stripes | cub | deer | fur | prey | whiskers | claws | roar
ctl.tiger.a := striped | fierce | orange | hungry | majestic | wild
ctl.tiger.v := prowled | hunted | stalked | chased | roared | yawned
ctl.tiger.p := sundarbans | bengal | sumatra | zoo | jungle | reserve
ctl.banana.n := peel | bunch | cereal | smoothie | split | fruit | bread | skin
ctl.banana.a := yellow | ripe | sweet | soft | spotted | mushy
ctl.banana.v := peeled | sliced | squashed | mashed | bought | blended
ctl.banana.p := kitchen | tropics | plantation | lunchbox | breakfast | fruitbowl
ctl.violin.n := strings | orchestra | solo | concerto | melody | player | bridge | case
ctl.violin.a := sweet | classical | wooden | tuned | delicate | beautiful
ctl.violin.v := played | tuned | practised | performed | carried | repaired
ctl.violin.p := vienna | conservatory | concerthall | symphony | rehearsal | church
ctl.tennis.n := racket | court | ball | match | tournament | net | serve | player
ctl.tennis.a := long | grass | clay | competitive | exciting | final
ctl.tennis.v := played | won | served | lost | watched | practised
ctl.tennis.p := wimbledon | club | park | summer | stadium | academy
ctl.laptop.n := screen | battery | email | keyboard | software | charger | files | update
ctl.laptop.a := new | cracked | outdated | portable | expensive | broken
ctl.laptop.v := opened | charged | closed | installed | checked | repaired
ctl.laptop.p := office | study | desk | dormitory | classroom | workplace
ctl.wallet.n := cash | coins | card | receipt | banknotes | photo | license | leather
ctl.wallet.a := leather | brown | empty | thick | stolen | lost
ctl.wallet.v := lost | found | stole | emptied | dropped | checked
ctl.wallet.p := pocket | handbag | bus | street | taxi | drawer
ctl.airport.n := plane | flight | passengers | runway | terminal | luggage | gate | pilot
ctl.airport.a := busy | international | crowded | delayed | small | new
ctl.airport.v := landed | taxied | checked | queued | circled | reached
ctl.airport.p := heathrow | arrivals | departures | security | customs | lounge
ctl.umbrella.n := rain | storm | wind | drizzle | shower | raincoat | puddle | cloud
ctl.umbrella.a := red | black | broken | folding | large | wet
ctl.umbrella.v := opened | shared | forgot | broke | closed | carried
ctl.umbrella.p := downpour | autumn | street | winter | park | hallway
"""#
}

/// The kinds of sentence the generator mixes.
enum SentenceKind: Int, CaseIterable, Sendable {
    case filler, family, country, manner, tense, plural, homograph, control
}
